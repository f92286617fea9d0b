# Installs the redislock package of a Lockscope build (install component "dev", what the
# libredislock-dev Debian package holds) into a fresh prefix, then configures, builds and runs
# the consumer project against it, as an outside project would:
# find_package(redislock CONFIG REQUIRED).
#
#   cmake -DBUILD_DIR=<build> -DCONSUMER_SOURCE=<dir> -DWORK_DIR=<scratch> -DGENERATOR=<gen>
#         [-DMAKE_PROGRAM=<ninja>] [-DCXX_COMPILER=<c++>] [-DCONFIG=<Debug>]
#         [-DSANITIZE=address,undefined] -P installandconsume.cmake
#
# With -DINSTALLED_PREFIX=/usr instead of -DBUILD_DIR, nothing is installed: the consumer is
# built against what is already there (packaging/build-packages.sh, after installing the .deb).
#
# Every step that fails stops the test with the step's name and its whole output.
cmake_minimum_required(VERSION 3.25)

foreach(variable CONSUMER_SOURCE WORK_DIR GENERATOR)
    if(NOT ${variable})
        message(FATAL_ERROR "package test: ${variable} is not set")
    endif()
endforeach()
if(NOT BUILD_DIR AND NOT INSTALLED_PREFIX)
    message(FATAL_ERROR "package test: give BUILD_DIR (install it) or INSTALLED_PREFIX")
endif()

if(INSTALLED_PREFIX)
    set(prefix ${INSTALLED_PREFIX})
else()
    set(prefix ${WORK_DIR}/prefix)
endif()
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# step(<name> <command>...): runs the command; on failure stops with its output. The output is
# left in step_output.
function(step name)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(NOT result STREQUAL "0")
        list(JOIN ARGN " " command)
        message(FATAL_ERROR "package test: ${name} FAILED (${result})\n"
                            "command: ${command}\n${output}")
    endif()
    message(STATUS "package test: ${name}: ok")
    set(step_output "${output}" PARENT_SCOPE)
endfunction()

# 1. Install the "dev" component, as CPack does for libredislock-dev.
set(config_arguments)
if(CONFIG)
    set(config_arguments --config ${CONFIG})
endif()
if(NOT INSTALLED_PREFIX)
    step("install into ${prefix}" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
        --component dev ${config_arguments})
endif()

file(GLOB config_files ${prefix}/lib/cmake/redislock/redislockConfig.cmake
    ${prefix}/lib*/cmake/redislock/redislockConfig.cmake
    ${prefix}/lib/*/cmake/redislock/redislockConfig.cmake)
if(NOT config_files)
    message(FATAL_ERROR "package test: no redislockConfig.cmake under ${prefix}/lib")
endif()
# The public headers are plain C++: no hiredis, OpenSSL or Qt among their includes.
file(GLOB_RECURSE headers ${prefix}/include/redislock/*.h ${prefix}/include/cosy/*.h)
if(NOT headers)
    message(FATAL_ERROR "package test: no redislock headers under ${prefix}/include")
endif()
foreach(header IN LISTS headers)
    file(STRINGS ${header} includes REGEX "^[ \t]*#[ \t]*include")
    foreach(include IN LISTS includes)
        if(include MATCHES "hiredis|openssl|<Q")
            message(FATAL_ERROR "package test: ${header} has \"${include}\": the public headers "
                                "must not need hiredis, OpenSSL or Qt")
        endif()
    endforeach()
endforeach()

# 2. Configure the consumer against the prefix only: no Qt, no package registry.
set(configure_arguments
    -S ${CONSUMER_SOURCE} -B ${consumer_build} -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_Qt5=ON
    -DEXPECTED_PREFIX=${prefix})
if(MAKE_PROGRAM)
    list(APPEND configure_arguments -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
    list(APPEND configure_arguments -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(CONFIG)
    list(APPEND configure_arguments -DCMAKE_BUILD_TYPE=${CONFIG})
endif()
if(SANITIZE)
    # The static library was built with sanitizers: its users must link their runtimes.
    list(APPEND configure_arguments -DCMAKE_CXX_FLAGS=-fsanitize=${SANITIZE}
        -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE})
endif()
step("configure the consumer" ${CMAKE_COMMAND} ${configure_arguments})

# 3. Build it (two jobs at most: the machines that run this are shared).
step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build} --parallel 2
    ${config_arguments})

# 4. Run it.
find_program(consumer NAMES consumer PATHS ${consumer_build} ${consumer_build}/${CONFIG}
    NO_DEFAULT_PATH REQUIRED)
step("run the consumer" ${consumer})
message(STATUS "consumer output:\n${step_output}")
if(NOT step_output MATCHES "limit\\(exponential\\(16ms,1s\\),5\\)")
    message(FATAL_ERROR "package test: unexpected consumer output:\n${step_output}")
endif()

# 5. Nothing Qt among the consumer's shared libraries.
file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES ${consumer}
    RESOLVED_DEPENDENCIES_VAR libraries
    UNRESOLVED_DEPENDENCIES_VAR unresolved)
foreach(library IN LISTS libraries unresolved)
    if(library MATCHES "libQt")
        message(FATAL_ERROR "package test: the consumer links ${library}")
    endif()
endforeach()
list(JOIN libraries "\n  " listed)
message(STATUS "consumer's shared libraries:\n  ${listed}")
