#include <redislock/duration.h>
#include <redislock/retrystrategy.h>

#include <algorithm>
#include <random>
#include <utility>

namespace redislock {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

class LinearSchedule final : public Backoff
{
public:
    explicit LinearSchedule(nanoseconds interval) : interval_(interval) {}
    nanoseconds next() override { return interval_; }

private:
    nanoseconds interval_;
};

class Linear final : public RetryStrategy::Description
{
public:
    explicit Linear(nanoseconds interval) : interval_(interval) {}
    std::unique_ptr<Backoff> makeSchedule() const override
    {
        return std::make_unique<LinearSchedule>(interval_);
    }
    std::string describe() const override
    {
        return interval_ < nanoseconds(1) ? "none" : "linear(" + formatDuration(interval_) + ")";
    }

private:
    nanoseconds interval_;
};

class ExponentialSchedule final : public Backoff
{
public:
    ExponentialSchedule(nanoseconds min, nanoseconds max) : min_(min), max_(max) {}
    nanoseconds next() override
    {
        ++count_;
        // Go: ms := 2 << 25; if cnt < 25 { ms = 2 << cnt }.
        const std::int64_t ms = count_ < 25 ? std::int64_t{2} << count_ : std::int64_t{2} << 25;
        const nanoseconds wait = milliseconds(ms);
        if (wait < min_)
            return min_;
        if (max_ != nanoseconds::zero() && wait > max_)
            return max_;
        return wait;
    }

private:
    nanoseconds min_;
    nanoseconds max_;
    int count_ = 0;
};

class Exponential final : public RetryStrategy::Description
{
public:
    Exponential(nanoseconds min, nanoseconds max) : min_(min), max_(max) {}
    std::unique_ptr<Backoff> makeSchedule() const override
    {
        return std::make_unique<ExponentialSchedule>(min_, max_);
    }
    std::string describe() const override
    {
        return "exponential(" + formatDuration(min_) + "," + formatDuration(max_) + ")";
    }

private:
    nanoseconds min_;
    nanoseconds max_;
};

class LimitedSchedule final : public Backoff
{
public:
    LimitedSchedule(std::unique_ptr<Backoff> inner, int maxRetries)
        : inner_(std::move(inner)), remaining_(maxRetries)
    {}
    nanoseconds next() override
    {
        if (remaining_ <= 0)
            return nanoseconds::zero();
        --remaining_;
        return inner_->next();
    }

private:
    std::unique_ptr<Backoff> inner_;
    int remaining_;
};

class Limited final : public RetryStrategy::Description
{
public:
    Limited(RetryStrategy inner, int maxRetries) : inner_(std::move(inner)), max_(maxRetries) {}
    std::unique_ptr<Backoff> makeSchedule() const override
    {
        return std::make_unique<LimitedSchedule>(inner_.schedule(), max_);
    }
    std::unique_ptr<Backoff> makeSchedule(std::uint64_t stream) const override
    {
        return std::make_unique<LimitedSchedule>(inner_.schedule(stream), max_);
    }
    std::string describe() const override
    {
        return "limit(" + inner_.describe() + "," + std::to_string(max_) + ")";
    }
    bool waitsForRelease() const override { return inner_.waitsForRelease(); }

private:
    RetryStrategy inner_;
    int max_;
};

// The waits are the inner strategy's: what changes is how obtain() waits them out.
class NotifyOnRelease final : public RetryStrategy::Description
{
public:
    explicit NotifyOnRelease(RetryStrategy inner) : inner_(std::move(inner)) {}
    std::unique_ptr<Backoff> makeSchedule() const override { return inner_.schedule(); }
    std::unique_ptr<Backoff> makeSchedule(std::uint64_t stream) const override
    {
        return inner_.schedule(stream);
    }
    std::string describe() const override { return "notify(" + inner_.describe() + ")"; }
    bool waitsForRelease() const override { return true; }

private:
    RetryStrategy inner_;
};

enum class JitterKind
{
    full,
    equal,
    decorrelated,
};

class JitterSchedule final : public Backoff
{
public:
    JitterSchedule(JitterKind kind, nanoseconds base, nanoseconds cap, std::uint64_t seed)
        : kind_(kind), base_(base), cap_(cap), previous_(base), random_(seed)
    {}

    nanoseconds next() override
    {
        nanoseconds wait{};
        switch (kind_) {
        case JitterKind::full:
            wait = uniform(nanoseconds::zero(), exponential());
            break;
        case JitterKind::equal: {
            const nanoseconds ceiling = exponential();
            wait = ceiling / 2 + uniform(nanoseconds::zero(), ceiling - ceiling / 2);
            break;
        }
        case JitterKind::decorrelated: {
            // previous * 3, saturated: a cap near the largest duration must not overflow.
            const nanoseconds tripled =
                previous_ > nanoseconds::max() / 3 ? nanoseconds::max() : previous_ * 3;
            wait = std::min(cap_, uniform(base_, std::max(base_, tripled)));
            previous_ = wait;
            break;
        }
        }
        ++attempt_;
        return std::max(wait, nanoseconds(1));
    }

private:
    // min(cap, base * 2^attempt), without overflowing.
    nanoseconds exponential() const
    {
        nanoseconds value = base_;
        for (int i = 0; i < attempt_ && value < cap_ && value > nanoseconds::zero(); ++i)
            value = value > cap_ / 2 ? cap_ : value * 2; // doubling would pass the cap anyway
        return std::min(value, cap_);
    }
    nanoseconds uniform(nanoseconds low, nanoseconds high)
    {
        std::uniform_int_distribution<nanoseconds::rep> distribution(low.count(), high.count());
        return nanoseconds(distribution(random_));
    }

    JitterKind kind_;
    nanoseconds base_;
    nanoseconds cap_;
    nanoseconds previous_;
    int attempt_ = 0;
    std::mt19937_64 random_;
};

class Jitter final : public RetryStrategy::Description
{
public:
    Jitter(JitterKind kind, nanoseconds base, nanoseconds cap, std::optional<std::uint64_t> seed)
        : kind_(kind), base_(base), cap_(std::max(cap, base)), seed_(seed)
    {}
    std::unique_ptr<Backoff> makeSchedule() const override
    {
        const std::uint64_t seed =
            seed_ ? *seed_ : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
        return std::make_unique<JitterSchedule>(kind_, base_, cap_, seed);
    }
    std::unique_ptr<Backoff> makeSchedule(std::uint64_t stream) const override
    {
        if (!seed_)
            return makeSchedule();
        // splitmix64 of seed and stream: nearby streams get unrelated seeds.
        std::uint64_t mixed = *seed_ + 0x9e3779b97f4a7c15ULL * (stream + 1);
        mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
        mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
        return std::make_unique<JitterSchedule>(kind_, base_, cap_, mixed ^ (mixed >> 31));
    }
    std::string describe() const override
    {
        static constexpr std::string_view names[] = {"fulljitter", "equaljitter", "decorrelated"};
        // The seed is part of the description: with it, the text reproduces the schedule.
        return std::string(names[static_cast<int>(kind_)]) + "(" + formatDuration(base_) + "," +
               formatDuration(cap_) + (seed_ ? "," + std::to_string(*seed_) : std::string()) + ")";
    }

private:
    JitterKind kind_;
    nanoseconds base_;
    nanoseconds cap_;
    std::optional<std::uint64_t> seed_;
};

} // namespace

RetryStrategy::RetryStrategy() : RetryStrategy(std::make_shared<Linear>(nanoseconds::zero()))
{}

RetryStrategy::RetryStrategy(std::shared_ptr<const Description> description)
    : description_(std::move(description))
{}

std::unique_ptr<Backoff> RetryStrategy::schedule() const
{
    return description_->makeSchedule();
}

std::unique_ptr<Backoff> RetryStrategy::schedule(std::uint64_t stream) const
{
    return description_->makeSchedule(stream);
}

std::string RetryStrategy::describe() const
{
    return description_->describe();
}

bool RetryStrategy::waitsForRelease() const
{
    return description_->waitsForRelease();
}

RetryStrategy noRetry()
{
    return RetryStrategy();
}

RetryStrategy linearBackoff(nanoseconds interval)
{
    return RetryStrategy(std::make_shared<Linear>(interval));
}

RetryStrategy exponentialBackoff(nanoseconds min, nanoseconds max)
{
    return RetryStrategy(std::make_shared<Exponential>(min, max));
}

RetryStrategy limitRetry(RetryStrategy strategy, int maxRetries)
{
    return RetryStrategy(std::make_shared<Limited>(std::move(strategy), maxRetries));
}

RetryStrategy notifyOnRelease(RetryStrategy strategy)
{
    // notify(notify(x)) is notify(x).
    if (strategy.waitsForRelease() && strategy.describe().starts_with("notify("))
        return strategy;
    return RetryStrategy(std::make_shared<NotifyOnRelease>(std::move(strategy)));
}

RetryStrategy fullJitter(nanoseconds base, nanoseconds cap, std::optional<std::uint64_t> seed)
{
    return RetryStrategy(std::make_shared<Jitter>(JitterKind::full, base, cap, seed));
}

RetryStrategy equalJitter(nanoseconds base, nanoseconds cap, std::optional<std::uint64_t> seed)
{
    return RetryStrategy(std::make_shared<Jitter>(JitterKind::equal, base, cap, seed));
}

RetryStrategy decorrelatedJitter(nanoseconds base, nanoseconds cap,
                                 std::optional<std::uint64_t> seed)
{
    return RetryStrategy(std::make_shared<Jitter>(JitterKind::decorrelated, base, cap, seed));
}

} // namespace redislock
