# Configures this source tree with the generator the main build did not use (Unix Makefiles
# when it used Ninja, else Ninja), and builds the parts whose rules depend on the generator: the
# compiled translations (lrelease writes into a folder that Ninja creates for its outputs and
# Make does not). People build with `cmake -S . -B build` and CMake's
# default generator as often as with the presets; both must work. The C++ targets are the same
# for both generators and are left out: compiling them twice would double the test's time.
#
#   cmake -DSOURCE_DIR=<tree> -DWORK_DIR=<scratch> -DMAIN_GENERATOR=<gen> [-DMAKE_PROGRAM=<ninja>]
#         -P othergenerator.cmake
cmake_minimum_required(VERSION 3.25)

foreach(variable SOURCE_DIR WORK_DIR MAIN_GENERATOR)
    if(NOT ${variable})
        message(FATAL_ERROR "generator test: ${variable} is not set")
    endif()
endforeach()

if(MAIN_GENERATOR STREQUAL "Ninja")
    set(generator "Unix Makefiles")
    set(make_arguments)
else()
    set(generator "Ninja")
    set(make_arguments -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(step name)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(NOT result STREQUAL "0")
        list(JOIN ARGN " " command)
        message(FATAL_ERROR "generator test (${generator}): ${name} FAILED (${result})\n"
                            "command: ${command}\n${output}")
    endif()
    message(STATUS "generator test (${generator}): ${name}: ok")
endfunction()

step("configure" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G ${generator}
    ${make_arguments} -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF)
step("build the translations" ${CMAKE_COMMAND} --build ${WORK_DIR} --parallel 2
    --target lockscope_translations_qm)
file(GLOB qm_files ${WORK_DIR}/resources/i18n/*.qm)
if(NOT qm_files)
    message(FATAL_ERROR "generator test (${generator}): no .qm files were compiled")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
