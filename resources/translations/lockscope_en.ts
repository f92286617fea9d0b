<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionWorker</name>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
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
        <source>This app holds %n lock(s).</source>
        <translation>
            <numerusform>This app holds %n lock.</numerusform>
            <numerusform>This app holds %n locks.</numerusform>
        </translation>
    </message>
</context>
</TS>
