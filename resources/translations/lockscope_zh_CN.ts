<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Locks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backoff lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contention &amp;harness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a Redis server by URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Cosy app.ini…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the &amp;sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A private redis-server with simulated services holding locks, for trying things</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the keys under the pattern again (SCAN, in pages)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Obtain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtain a lock as this app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extend a lock this app holds to the ttl it was obtained with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release a lock this app holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Force release…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected lock if it still holds the value shown (compare-and-delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete regardless…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected key whatever it holds now (DEL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Lockscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Lockscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Lockscope %1&lt;/b&gt;&lt;p&gt;Inspector and test harness for Redis distributed locks in the format of bsm/redislock and Cosy&apos;s redis.ObtainLock.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the scan; the keys found so far stay listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) scanned</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan complete: %n key(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan stopped after %n key(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to inspect yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lockscope is not connected to a Redis server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the sandbox — a private redis-server on this machine with simulated services taking, refreshing and losing locks — or connect to a server of yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lockscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Cosy app.ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INI files (*.ini);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete regardless</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SandboxLauncher</name>
    <message>
        <source>Could not start the sandbox: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Inspector and test harness for Redis distributed locks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a private redis-server with demo locks and inspect it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to URL (redis://, rediss:// or unix://).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect as a Cosy service would: the [redis] section of an app.ini.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the keys under PREFIX:* (Cosy&apos;s Prefix).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the keys matching GLOB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable every action that writes to Redis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User interface language (en, zh_CN).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;; see --help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sandbox, --url and --config exclude each other; give one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
