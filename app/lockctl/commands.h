#pragma once

#include "invocation.h"

// One function per lockctl command; each returns the process exit code.
int runList(Invocation &invocation);
int runObtain(Invocation &invocation);
int runRefresh(Invocation &invocation);
int runRelease(Invocation &invocation);
int runTtl(Invocation &invocation);
int runForceRelease(Invocation &invocation);
int runBackoff(Invocation &invocation);
int runHarness(Invocation &invocation);
int runSandbox(Invocation &invocation);
int runTopology(Invocation &invocation);
int runInspect(Invocation &invocation);
int runWatch(Invocation &invocation);
