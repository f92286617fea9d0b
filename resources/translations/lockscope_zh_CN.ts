<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionWorker</name>
    <message>
        <source>Refused: the connection is read-only; nothing was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: the key is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: the ttl must be at least 1 ms, got %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: no key given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: bad retry strategy &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not obtained: %1 (cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtained %1 for %2 ms (token %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtain of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Not obtained: %1 is held by another token (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not obtained: %1 was still held by another token when its ttl had passed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1 is not a lock this app holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshed %1 to %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not refreshed: %1 expired or belongs to someone else now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Released %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not released: %1 expired or belongs to someone else now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: no value to compare against (the key held an empty value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force-released %1: it still held the value shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force-release of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not deleted: %1 is gone already (expired or released)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not deleted: only the first %1 of the %2 bytes of %3 were shown, and compare-and-delete needs the whole value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not deleted: %1 changed hands, it holds another value now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted %1 regardless of its value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing deleted: %1 did not exist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>%1
value: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivityWidget</name>
    <message>
        <source>Open log file location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems (all but done)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log: %1 (unreadable lines skipped: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Audit log: cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log: cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log: cannot write to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackoffChartsWidget</name>
    <message>
        <source>attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait before each attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wait (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When each attempt starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since the first (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackoffLabWidget</name>
    <message>
        <source>1 attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick to show a strategy on the charts; select it to edit it and to see its schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a copy of the selected strategy to overlay and edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock and deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lock&apos;s ttl. Without a deadline of the caller&apos;s, obtain() stops retrying at now + ttl, as the Go library does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ttl (no caller deadline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A deadline of the caller&apos;s, measured from the first attempt; empty: the ttl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many attempts to compute and chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Atte&amp;mpts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Logarithmic wait axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Jitter band: the range over %1 seeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For the selected jitter strategy, shade the least and the most each attempt&apos;s wait and start were over many seeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait chart as PNG or PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start-time chart as PNG or PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule table as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosy&apos;s test: limit(linear(100ms),10), ttl 100 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go library: exponential(16ms,1s), and limited to 5 retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AWS blog: exponential against the three jitters, ttl 5 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear 100 ms against exponential(16ms,1s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL: a lock needs at least 1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline (%1) ends retrying after %2; the strategy allowed %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline (%1) ends retrying after %2; the strategy alone would go on past the %3 shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No retries: one attempt, then &quot;not obtained&quot;. The deadline (%1) plays no part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The strategy ends retrying after %1, the last starting at %2, before the deadline (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All %1 shown start before the deadline (%2), the last at %3; show more attempts to see where the deadline cuts in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a strategy to see its schedule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to Redis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redis://[user@]host[:port][/db], rediss://… for TLS, or unix:///path/to/socket[?db=N]. The password goes in its own field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional; shown in menus and the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s trusted CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client private key (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the host in the URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server name (&amp;SNI):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not &amp;verify the server&apos;s certificate (insecure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone between you and the server can read the traffic and pose as the server. Use only for testing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosy&apos;s Prefix: lock keys are &quot;&lt;prefix&gt;:&lt;key&gt;&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys to list, as a SCAN MATCH glob.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also read values as a token of this length followed by metadata, besides the standard 22-byte tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read-only: never write through this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key p&amp;refix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;attern:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom &amp;token length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;member the password in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import app.ini…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill URL, password and prefix from the [redis] section of a Cosy app.ini.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed: %1: Addr: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, prefix %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was moved from the URL to the password field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a redis://, rediss:// or unix:// URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password goes to the system keychain, never to a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available: the password will be asked each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the password (no system keychain available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cert);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Cosy app.ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosy settings (*.ini);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionStore</name>
    <message>
        <source>No system keychain: the password will be asked each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain (%1): the password will be asked each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not store the password: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionUrl</name>
    <message>
        <source>TCP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unix socket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, database %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, certificate not verified</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DurationText</name>
    <message>
        <source>0 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForceReleaseDialog</name>
    <message>
        <source>Force release %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;This lock is not held by this app.&lt;/b&gt; Force release deletes the key only if it still holds exactly the value shown below: a compare-and-delete run on the server in one step. If the lock changed hands meanwhile, nothing is deleted and you are told so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: the value is not in a lock format)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first %1 of %2 bytes were read; bytes that are not UTF-8 are shown as \xNN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length in bytes: %1; bytes that are not UTF-8 are shown as \xNN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata (JSON):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL when read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force release compares string values; this key holds a %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only part of the value was read, so it cannot be compared; use Delete regardless, or re-read the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Delete regardless&lt;/b&gt; runs DEL on the key: it removes whatever the key holds when the command arrives, even a lock that another process obtained after this one was read. That process will believe it still holds its lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I understand: delete the key whatever it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete regardless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete regardless…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the key only if its value is still the one shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no expiry (stuck)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HarnessResultModel</name>
    <message>
        <source>Waiting for its turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the numbers cover the run until then</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlapping holders seen by the harness&apos;s own check, independent of the lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to Redis (obtain attempts and releases) per acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until acquired, from when a client started wanting the lock (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acquisitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redis calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls/acq.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acq./s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p90 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fairness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Violations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HarnessWidget</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every attempt of every run: strategy, client, start, end, outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chart shown, as an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chart shown, as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each client opens a connection of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One retry strategy per line, run one after the other: none, linear(100ms), exponential(16ms,1s), limit(SPEC,N), fulljitter(16ms,1s), equaljitter(16ms,1s), decorrelated(16ms,1s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a client holds the lock: fixed (5ms) or a range (1ms..10ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lock&apos;s ttl; also how long one obtain call retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acquisitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clients:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Strategies:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which strategy&apos;s run to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not obtained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acquired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since the run started (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wait until acquired (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of acquisitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redis calls per acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acquisitions per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fairness (Jain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a Redis server first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run against %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration: must be longer than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connecting %n client(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling: clients release the lock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 of %3): %4 acquisitions, %5 attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), %1 violation(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled after %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorSession</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: not connected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorWorker</name>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 (Redis %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the server info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost the connection to %1 (%2); reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-reading ttls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading changed keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockDetailWidget</name>
    <message>
        <source>Select a lock to see its value, metadata, TTL history and the commands its actions run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the value as a hex dump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No actions for this lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes (the first %2 read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A raw value has no metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… (%1 more bytes not read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of a %2 lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∞ no expiry: this lock is stuck until someone deletes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes, obtained by this app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No expiry: nothing counts down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No TTL samples yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockTableModel</name>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No expiry: nothing frees this lock unless it is deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtained by this app and not released</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to live, counting down between re-syncs with the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time since the inspector first saw this holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshes observed: TTL jumps seen between two re-syncs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locks this app obtained and has not released</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 m %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∞ no expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocksWidget</name>
    <message>
        <source>Filter by key or metadata (Ctrl+F) · format:raw · is:stuck · is:held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 locks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 shown · %3 stuck</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>No stored password for %1: type it, please.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ObtainDialog</name>
    <message>
        <source>a single attempt, no retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits %1, then gives up; never past the ttl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits %1, … until the ttl runs out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtain a lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shop:orders:42
(one key per line; several keys make one lock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 500ms, 10s, 1m30s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;owner&quot;: &quot;ops&quot;, &quot;reason&quot;: &quot;maintenance&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random (22 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty for a random token, as redislock makes them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none | linear(D) | exponential(MIN,MAX) | limit(SPEC,N) | fulljitter(BASE,CAP) | equaljitter(BASE,CAP) | decorrelated(BASE,CAP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Obtain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Metadata:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key %1 is listed twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a key to lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TTL must be at least 1ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 ms (Redis keeps whole milliseconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No metadata.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text, not JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentConnectionsMenu</name>
    <message>
        <source>Connect &amp;To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saved or recent connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear Recent Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SandboxLauncher</name>
    <message>
        <source>Could not start the sandbox: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message>
        <source>first attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>past the deadline: not made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1 starts %2 after the first, before the deadline (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1 would start %2 after the first, at or past the deadline (%3): the retry loop gives up before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerStatusWidget</name>
    <message>
        <source>Round trip of the last PING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes are off: obtain, refresh, release and delete are disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redis %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db %1, 1 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db %1, %2 keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server publishes keyspace events: changes, expiries and deletions show at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s notify-keyspace-events lacks what live updates need (e.g. &quot;Egx&quot;): locks are re-read on a timer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyEditorWidget</name>
    <message>
        <source>none and linear wait the same every time; exponential is the Go library&apos;s; limit caps another strategy&apos;s retries; the three jitter kinds are the AWS blog&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retrying:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A duration such as 16ms, 1.5s or 1m30s (units ns, us, ms, s, m, h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most this many retries, so one more attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max &amp;retries:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a fixed seed every schedule draws the same waits, so the chart is reproducible; without one each draw differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retry SPEC as lockctl --retry takes it: none, linear(D), exponential(MIN,MAX), limit(SPEC,N), fulljitter(BASE,CAP[,SEED]), equaljitter(BASE,CAP[,SEED]), decorrelated(BASE,CAP[,SEED])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;pec:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The form cannot show a limit inside a limit; edit it as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;ax (0 = none):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed: enter an unsigned integer, or untick Fixed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyListModel</name>
    <message>
        <source>%1: shown on the charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: hidden; tick to show it</source>
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
</context>
</TS>
