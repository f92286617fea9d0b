<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionWorker</name>
    <message numerus="yes">
        <source>Not obtained: %1 was still held by another token when its ttl had passed (%n attempt(s))</source>
        <translation>
            <numerusform>Not obtained: %1 was still held by another token when its ttl had passed (%n attempt)</numerusform>
            <numerusform>Not obtained: %1 was still held by another token when its ttl had passed (%n attempts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not obtained: %1 is held by another token (%n attempt(s))</source>
        <translation>
            <numerusform>Not obtained: %1 is held by another token (%n attempt)</numerusform>
            <numerusform>Not obtained: %1 is held by another token (%n attempts)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BusiestLocksWidget</name>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lock(s) shown</source>
        <translation>
            <numerusform>%n lock shown</numerusform>
            <numerusform>%n locks shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) with a history</source>
        <translation>
            <numerusform>%n key with a history</numerusform>
            <numerusform>%n keys with a history</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionUrl</name>
    <message numerus="yes">
        <source>Master %1 as %n sentinel(s) name it, database %2</source>
        <translation>
            <numerusform>Master %1 as %n sentinel names it, database %2</numerusform>
            <numerusform>Master %1 as %n sentinels name it, database %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HarnessRunner</name>
    <message numerus="yes">
        <source>Harness run started: %n client(s), strategies %1</source>
        <translation>
            <numerusform>Harness run started: %n client, strategies %1</numerusform>
            <numerusform>Harness run started: %n clients, strategies %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run cancelled: %n client(s), strategies %1</source>
        <translation>
            <numerusform>Harness run cancelled: %n client, strategies %1</numerusform>
            <numerusform>Harness run cancelled: %n clients, strategies %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run finished: %n client(s), strategies %1</source>
        <translation>
            <numerusform>Harness run finished: %n client, strategies %1</numerusform>
            <numerusform>Harness run finished: %n clients, strategies %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run failed: %n client(s), strategies %1: %2</source>
        <translation>
            <numerusform>Harness run failed: %n client, strategies %1: %2</numerusform>
            <numerusform>Harness run failed: %n clients, strategies %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HarnessWidget</name>
    <message numerus="yes">
        <source>Connecting %n client(s)…</source>
        <translation>
            <numerusform>Connecting %n client…</numerusform>
            <numerusform>Connecting %n clients…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n violation(s)</source>
        <translation>
            <numerusform>%n violation</numerusform>
            <numerusform>%n violations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryTimelineWidget</name>
    <message numerus="yes">
        <source>, %n refresh(es)</source>
        <translation>
            <numerusform>, %n refresh</numerusform>
            <numerusform>, %n refreshes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockDetailWidget</name>
    <message numerus="yes">
        <source>last %n minute(s)</source>
        <translation>
            <numerusform>last %n minute</numerusform>
            <numerusform>last %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LocksWidget</name>
    <message numerus="yes">
        <source>%n locks selected.</source>
        <translation>
            <numerusform>%n lock selected.</numerusform>
            <numerusform>%n locks selected.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n key(s) scanned</source>
        <translation>
            <numerusform>%n key scanned</numerusform>
            <numerusform>%n keys scanned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan complete: %n key(s)</source>
        <translation>
            <numerusform>Scan complete: %n key</numerusform>
            <numerusform>Scan complete: %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan stopped after %n key(s)</source>
        <translation>
            <numerusform>Scan stopped after %n key</numerusform>
            <numerusform>Scan stopped after %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n key(s) whatever they hold now (DEL)?</source>
        <translation>
            <numerusform>Delete this key (%n) whatever it holds now (DEL)?</numerusform>
            <numerusform>Delete these %n keys whatever they hold now (DEL)?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force release these %n lock(s)? Each is deleted only if it still holds the value shown (compare-and-delete).</source>
        <translation>
            <numerusform>Force release this lock (%n)? It is deleted only if it still holds the value shown (compare-and-delete).</numerusform>
            <numerusform>Force release these %n locks? Each is deleted only if it still holds the value shown (compare-and-delete).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n key(s)</source>
        <translation>
            <numerusform>Delete %n key</numerusform>
            <numerusform>Delete %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force release %n lock(s)</source>
        <translation>
            <numerusform>Force release %n lock</numerusform>
            <numerusform>Force release %n locks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expire %n lock(s) after this ttl (e.g. 30s, 5m), each only if it still holds the value shown:</source>
        <translation>
            <numerusform>Expire %n lock after this ttl (e.g. 30s, 5m), only if it still holds the value shown:</numerusform>
            <numerusform>Expire %n locks after this ttl (e.g. 30s, 5m), each only if it still holds the value shown:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This app holds %n lock(s):</source>
        <translation>
            <numerusform>This app holds %n lock:</numerusform>
            <numerusform>This app holds %n locks:</numerusform>
        </translation>
    </message>
</context>
</TS>
