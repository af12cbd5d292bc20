# Runtime tests: real kernel, real cgroups (named sockc-test-*), loopback sockets.
# They fail when BPF or cgroup v2 is missing, unless SOCKC_SKIP_KERNEL_TESTS=1.

# Stand-ins for compiled policies: one BPF C source, one object per variant.
find_program(SOCKC_CLANG19 NAMES clang-19 REQUIRED)
execute_process(COMMAND uname -m OUTPUT_VARIABLE SOCKC_RT_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
set(SOCKC_RT_BPF_DIR ${CMAKE_CURRENT_BINARY_DIR}/runtime_bpf)
set(SOCKC_RT_BPF_OBJS)
foreach(variant V1 V2 BAD CHANGED OLDFMT FIXED HUGE MEM)
  set(obj ${SOCKC_RT_BPF_DIR}/rt_${variant}.o)
  add_custom_command(OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${SOCKC_RT_BPF_DIR}
    COMMAND ${SOCKC_CLANG19} -O2 -g -target bpf -mcpu=v3 -I/usr/include/${SOCKC_RT_ARCH}-linux-gnu
            -DVARIANT=${variant} -c ${CMAKE_CURRENT_SOURCE_DIR}/runtime_bpf/rt.bpf.c -o ${obj}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/runtime_bpf/rt.bpf.c
    COMMENT "BPF test object rt_${variant}.o"
    VERBATIM)
  list(APPEND SOCKC_RT_BPF_OBJS ${obj})
endforeach()
add_custom_target(runtime_bpf_objects ALL DEPENDS ${SOCKC_RT_BPF_OBJS})

# The runtime subcommands without the compiler (see runtime_cli.c).
add_executable(sockc_rt_cli runtime_cli.c ${CMAKE_SOURCE_DIR}/cli/cmd_runtime.c)
target_include_directories(sockc_rt_cli PRIVATE ${CMAKE_SOURCE_DIR}/cli ${CMAKE_SOURCE_DIR}/compiler/include)
target_link_libraries(sockc_rt_cli PRIVATE sockc_runtime)
add_dependencies(sockc_rt_cli runtime_bpf_objects)

if(NOT TARGET PkgConfig::CMOCKA)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
add_executable(runtime_test runtime_test.c)
target_compile_definitions(runtime_test PRIVATE SOCKC_RT_BPF_DIR="${SOCKC_RT_BPF_DIR}")
target_link_libraries(runtime_test PRIVATE sockc_runtime PkgConfig::CMOCKA)
add_dependencies(runtime_test runtime_bpf_objects)

# Kernel tests share bpffs state under /sys/fs/bpf/sockc: run them one at a time.
add_test(NAME runtime_test COMMAND runtime_test)
add_test(NAME runtime_cli
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/runtime_cli.sh $<TARGET_FILE:sockc_rt_cli> ${SOCKC_RT_BPF_DIR})
# The same path from policy source, through the real `sockc` (compiler + runtime).
add_test(NAME runtime_sp COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/runtime_sp.sh $<TARGET_FILE:sockc>)
set_tests_properties(runtime_test runtime_cli runtime_sp PROPERTIES
                     LABELS kernel RESOURCE_LOCK sockc_bpffs TIMEOUT 300 SKIP_RETURN_CODE 77)

# Crash consistency and safety of the state (docs/runtime.md, "Crash consistency"):
# sockc killed at every step (the SOCKC_TEST_CRASH_AT hook), two sockc at once, pins
# and objects that others can change, maps the kernel cannot make.
add_test(NAME crash_apply COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/crash_apply.sh $<TARGET_FILE:sockc>)
add_test(NAME crash_lock COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/crash_lock.sh $<TARGET_FILE:sockc>)
add_test(NAME runtime_safety
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/runtime_safety.sh $<TARGET_FILE:sockc> $<TARGET_FILE:sockc_rt_cli>
                 ${SOCKC_RT_BPF_DIR})
set_tests_properties(crash_apply crash_lock runtime_safety PROPERTIES
                     LABELS kernel RESOURCE_LOCK sockc_bpffs TIMEOUT 300 SKIP_RETURN_CODE 77)
