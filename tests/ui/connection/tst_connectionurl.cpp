#include "connection/connectionurl.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The text-level URL helpers the dialog uses: taking a password out, and reading and writing
// the TLS query items, checked against the core parser that has the last word.
class tst_ConnectionUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void takePassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("stripped");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("found");

        QTest::newRow("none") << u"redis://host:6379/1"_s << u"redis://host:6379/1"_s << QString()
                              << false;
        QTest::newRow("user only")
            << u"redis://ops@host"_s << u"redis://ops@host"_s << QString() << false;
        QTest::newRow("password only")
            << u"redis://:s3cret@host:6379/1"_s << u"redis://host:6379/1"_s << u"s3cret"_s << true;
        QTest::newRow("user and password")
            << u"redis://ops:pw@host"_s << u"redis://ops@host"_s << u"pw"_s << true;
        QTest::newRow("percent-encoded")
            << u"redis://ops:p%40ss%3Aw@host/2"_s << u"redis://ops@host/2"_s << u"p@ss:w"_s << true;
        QTest::newRow("empty password")
            << u"redis://ops:@host"_s << u"redis://ops@host"_s << QString() << true;
        QTest::newRow("tls keeps query") << u"rediss://u:pw@h:6380?ca=/c.pem"_s
                                         << u"rediss://u@h:6380?ca=/c.pem"_s << u"pw"_s << true;
        QTest::newRow("query item")
            << u"unix:///tmp/r.sock?db=1&password=pw&read_timeout=1s"_s
            << u"unix:///tmp/r.sock?db=1&read_timeout=1s"_s << u"pw"_s << true;
        QTest::newRow("query wins over userinfo")
            << u"redis://:a@h?password=b"_s << u"redis://h"_s << u"b"_s << true;
        QTest::newRow("at sign in unix path")
            << u"unix:///tmp/a:b@c.sock"_s << u"unix:///tmp/a:b@c.sock"_s << QString() << false;
        QTest::newRow("no scheme") << u"user:pw@host"_s << u"user:pw@host"_s << QString() << false;
    }
    void takePassword()
    {
        QFETCH(QString, url);
        QFETCH(QString, stripped);
        QFETCH(QString, password);
        QFETCH(bool, found);
        const auto split = connectionurl::takePassword(url);
        QCOMPARE(split.url, stripped);
        QCOMPARE(split.password, password);
        QCOMPARE(split.found, found);
        if (found && !password.isEmpty())
            QVERIFY(!split.url.contains(password));
    }

    void tlsFields_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("ca");
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("sni");
        QTest::addColumn<bool>("insecure");

        QTest::newRow("none") << u"rediss://h"_s << QString() << QString() << QString() << QString()
                              << false;
        QTest::newRow("short names")
            << u"rediss://h?ca=/a.pem&cert=/c.pem&key=/k.pem&sni=n.example&insecure=true"_s
            << u"/a.pem"_s << u"/c.pem"_s << u"/k.pem"_s << u"n.example"_s << true;
        QTest::newRow("aliases") << u"rediss://h?tls_ca_cert_file=/x%20y.pem&skip_verify=1"
                                    u"&server_name=s&tls_cert_file=/c&tls_key_file=/k"_s
                                 << u"/x y.pem"_s << u"/c"_s << u"/k"_s << u"s"_s << true;
        QTest::newRow("insecure false") << u"rediss://h?insecure=no"_s << QString() << QString()
                                        << QString() << QString() << false;
    }
    void tlsFields()
    {
        QFETCH(QString, url);
        const auto tls = connectionurl::tlsFields(url);
        QTEST(tls.caFile, "ca");
        QTEST(tls.certFile, "cert");
        QTEST(tls.keyFile, "key");
        QTEST(tls.serverName, "sni");
        QTEST(tls.insecure, "insecure");
    }

    void withTlsFields_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("ca");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<QString>("expected");

        QTest::newRow("adds") << u"rediss://h:6380/2"_s << u"/etc/ca.pem"_s << true
                              << u"rediss://h:6380/2?ca=/etc/ca.pem&insecure=true"_s;
        QTest::newRow("keeps other items")
            << u"rediss://h?read_timeout=1s&tls_ca_cert_file=/old"_s << u"/new"_s << false
            << u"rediss://h?read_timeout=1s&ca=/new"_s;
        QTest::newRow("removes") << u"rediss://h?ca=/a&insecure=true"_s << QString() << false
                                 << u"rediss://h"_s;
        QTest::newRow("encodes") << u"rediss://h"_s << u"/my certs/a&b.pem"_s << false
                                 << u"rediss://h?ca=/my%20certs/a%26b.pem"_s;
    }
    void withTlsFields()
    {
        QFETCH(QString, url);
        QFETCH(QString, ca);
        QFETCH(bool, insecure);
        QFETCH(QString, expected);
        connectionurl::TlsFields tls;
        tls.caFile = ca;
        tls.insecure = insecure;
        const QString written = connectionurl::withTlsFields(url, tls);
        QCOMPARE(written, expected);
        // What was written reads back the same, and the core parser agrees.
        QCOMPARE(connectionurl::tlsFields(written), tls);
        const auto parsed = connectionurl::parse(written);
        QVERIFY2(parsed.has_value(), qPrintable(parsed.error()));
        QCOMPARE(QString::fromStdString(parsed->tls.caFile), ca);
        QCOMPARE(parsed->tls.insecure, insecure);
    }

    void parseReason_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");

        QTest::newRow("no scheme")
            << u"localhost:6379"_s
            << u"missing scheme; expected redis://, rediss://, unix://, redis-cluster://, "
               u"rediss-cluster://, redis-sentinel:// or rediss-sentinel://"_s;
        QTest::newRow("port") << u"redis://h:0"_s << u"port \"0\" is out of range 1-65535"_s;
        QTest::newRow("tls option on redis")
            << u"redis://h?insecure=true"_s
            << u"TLS options need a rediss://, rediss-cluster:// or "
               u"rediss-sentinel:// URL"_s;
    }
    void parseReason()
    {
        QFETCH(QString, url);
        const auto parsed = connectionurl::parse(url);
        QVERIFY(!parsed);
        QTEST(parsed.error(), "reason");
    }

    void describe_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("text");

        QTest::newRow("tcp") << u"redis://127.0.0.1:6379"_s << u"TCP 127.0.0.1:6379, database 0"_s;
        QTest::newRow("ipv6 and user")
            << u"redis://ops@[::1]/3"_s << u"TCP [::1]:6379, database 3, user ops"_s;
        QTest::newRow("tls insecure")
            << u"rediss://r.example:6380?insecure=true"_s
            << u"TLS r.example:6380, database 0, certificate not verified"_s;
        QTest::newRow("unix") << u"unix:///run/redis.sock?db=2"_s
                              << u"Unix socket /run/redis.sock, database 2"_s;
        QTest::newRow("cluster") << u"redis-cluster://127.0.0.1:7001,127.0.0.1:7002"_s
                                 << u"Redis Cluster, 2 seed nodes"_s;
        QTest::newRow("cluster over tls, a user")
            << u"rediss-cluster://ops@10.0.0.1:7001"_s
            << u"Redis Cluster, 1 seed node (TLS), user ops"_s;
        QTest::newRow("sentinel")
            << u"redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/lockmaster/2"_s
            << u"Master lockmaster as 2 sentinel(s) name it, database 2"_s;
    }

    void deploymentFields_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("deployment");
        QTest::addColumn<QString>("seeds");
        QTest::addColumn<QString>("masterName");
        using redislock::Deployment;
        QTest::newRow("standalone")
            << u"redis://u@h:6380/2"_s << int(Deployment::standalone) << u"h:6380"_s << QString();
        QTest::newRow("unix") << u"unix:///run/r.sock"_s << int(Deployment::standalone) << QString()
                              << QString();
        QTest::newRow("cluster") << u"rediss-cluster://a:1,b:2?ca=x"_s << int(Deployment::cluster)
                                 << u"a:1, b:2"_s << QString();
        QTest::newRow("sentinel") << u"redis-sentinel://u@s1:26379,s2:26379/lock%20master/1"_s
                                  << int(Deployment::sentinel) << u"s1:26379, s2:26379"_s
                                  << u"lock master"_s;
    }
    void deploymentFields()
    {
        QFETCH(QString, url);
        const auto fields = connectionurl::deploymentFields(url);
        QTEST(int(fields.deployment), "deployment");
        QTEST(fields.seeds, "seeds");
        QTEST(fields.masterName, "masterName");
        // The fields written back give the same URL.
        if (!url.startsWith(u"unix"))
            QCOMPARE(connectionurl::withDeploymentFields(url, fields), url);
    }

    void withDeploymentFields_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("deployment");
        QTest::addColumn<QString>("seeds");
        QTest::addColumn<QString>("masterName");
        QTest::addColumn<QString>("result");
        using redislock::Deployment;
        QTest::newRow("standalone to cluster, db dropped")
            << u"redis://ops@h:6379/2?read_timeout=1s"_s << int(Deployment::cluster)
            << u"h:6379, h:6380"_s << QString()
            << u"redis-cluster://ops@h:6379,h:6380?read_timeout=1s"_s;
        QTest::newRow("tls kept") << u"rediss://h:6379?ca=/ca.pem"_s << int(Deployment::sentinel)
                                  << u"s:26379"_s << u"lockmaster"_s
                                  << u"rediss-sentinel://s:26379/lockmaster?ca=/ca.pem"_s;
        QTest::newRow("sentinel keeps its db")
            << u"redis-sentinel://s:26379/old/3"_s << int(Deployment::sentinel) << u"s:26379"_s
            << u"new"_s << u"redis-sentinel://s:26379/new/3"_s;
        QTest::newRow("sentinel to standalone: the first seed and the db")
            << u"redis-sentinel://s:26379,t:26379/m/3"_s << int(Deployment::standalone)
            << u"s:26379, t:26379"_s << QString() << u"redis://s:26379/3"_s;
    }
    void withDeploymentFields()
    {
        QFETCH(QString, url);
        QFETCH(int, deployment);
        QFETCH(QString, seeds);
        QFETCH(QString, masterName);
        const QString result = connectionurl::withDeploymentFields(
            url, {redislock::Deployment(deployment), seeds, masterName});
        QTEST(result, "result");
        QVERIFY2(connectionurl::parse(result), qPrintable(result));
    }

    void takeSentinelPassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("rest");
        QTest::addColumn<QString>("password");
        QTest::newRow("only item") << u"redis-sentinel://s:1/m?sentinel_password=p%40ss"_s
                                   << u"redis-sentinel://s:1/m"_s << u"p@ss"_s;
        QTest::newRow("among others, the master's kept")
            << u"redis-sentinel://s:1/m?password=x&sentinel_password=y&db=1"_s
            << u"redis-sentinel://s:1/m?password=x&db=1"_s << u"y"_s;
        QTest::newRow("none") << u"redis-sentinel://s:1/m"_s << u"redis-sentinel://s:1/m"_s
                              << QString();
    }
    void takeSentinelPassword()
    {
        QFETCH(QString, url);
        const auto split = connectionurl::takeSentinelPassword(url);
        QTEST(split.url, "rest");
        QTEST(split.password, "password");
    }
    void describe()
    {
        QFETCH(QString, url);
        const auto parsed = connectionurl::parse(url);
        QVERIFY(parsed);
        QTEST(connectionurl::describe(*parsed), "text");
    }

    void displayUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("display");

        QTest::newRow("valid") << u"redis://:pw@h/2"_s << u"redis://h:6379/2"_s;
        QTest::newRow("invalid still stripped") << u"redis://:pw@h:0"_s << u"redis://h:0"_s;
    }
    void displayUrl()
    {
        QFETCH(QString, url);
        QTEST(connectionurl::displayUrl(url), "display");
    }
};

QTEST_APPLESS_MAIN(tst_ConnectionUrl)
#include "tst_connectionurl.moc"
