#pragma once

// The whole public API of the redislock library.
#include <redislock/auxkeys.h>
#include <redislock/client.h>
#include <redislock/clustertopology.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/forcerelease.h>
#include <redislock/hashindex.h>
#include <redislock/hashslot.h>
#include <redislock/keyscanner.h>
#include <redislock/lock.h>
#include <redislock/lockhistory.h>
#include <redislock/lockrecord.h>
#include <redislock/lockscripts.h>
#include <redislock/options.h>
#include <redislock/printable.h>
#include <redislock/releasewaiter.h>
#include <redislock/reply.h>
#include <redislock/retryloop.h>
#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>
#include <redislock/retrystrategy.h>
#include <redislock/subscription.h>
#include <redislock/watchdog.h>
