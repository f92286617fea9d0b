#pragma once

#include <redislock/client.h>
#include <redislock/context.h>
#include <redislock/error.h>

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// A message published to a channel this subscription listens to.
struct Message
{
    std::string pattern; // the PSUBSCRIBE pattern that matched; empty for a SUBSCRIBE channel
    std::string channel;
    std::string payload; // for keyspace events (__keyevent@<db>__:<event>): the key
};

// Listens to Redis Pub/Sub channels (SUBSCRIBE) and channel patterns (PSUBSCRIBE) on a
// connection of its own: a subscribed connection can do nothing else, so it never comes from,
// or goes back to, the Client's pool. Use it from one thread at a time. When the connection
// breaks (the server went away), open a new Subscription; messages published meanwhile are lost,
// as Pub/Sub does not keep them.
class Subscription
{
public:
    // Connects as `client` would (same address, credentials, database, TLS) and subscribes.
    // Fails when the server refuses a subscription (an ACL without channel permissions). On a
    // cluster it subscribes on the first master (Client::masters()): a cluster forwards PUBLISH
    // to every node, but keyspace events stay on the node of the key, so for those use openOn()
    // on each master.
    [[nodiscard]] static std::expected<Subscription, Error>
    open(const Client &client, const std::vector<std::string> &channels,
         const std::vector<std::string> &patterns = {}, const Context &context = {});

    // The same on one node of the client's deployment ("host:port", as Client::masters()
    // names it): keyspace events are per node on a cluster.
    [[nodiscard]] static std::expected<Subscription, Error>
    openOn(const Client &client, std::string_view node, const std::vector<std::string> &channels,
           const std::vector<std::string> &patterns = {}, const Context &context = {});
    // On the first Sentinel of a redis-sentinel:// client that accepts it (with the
    // sentinels' own credentials), for "+switch-master" and the other Sentinel events.
    [[nodiscard]] static std::expected<Subscription, Error>
    openOnSentinel(const Client &client, const std::vector<std::string> &channels,
                   const Context &context = {});

    ~Subscription();
    Subscription(Subscription &&) noexcept;
    Subscription &operator=(Subscription &&) noexcept;

    // The next message. Waits until the context's deadline (without one: until a message
    // arrives) and answers std::nullopt when it passes first. Errc::cancelled when the stop
    // token fires; after either the subscription is still usable. Any other error means the
    // connection broke (broken() is true from then on).
    [[nodiscard]] std::expected<std::optional<Message>, Error> next(const Context &context = {});

    [[nodiscard]] bool broken() const noexcept;

    struct State;

private:
    [[nodiscard]] static std::expected<std::unique_ptr<State>, Error>
    subscribe(const ConnectionOptions &options, const std::vector<std::string> &channels,
              const std::vector<std::string> &patterns, const Context &context);
    explicit Subscription(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace redislock
