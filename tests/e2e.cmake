# End-to-end scenarios (issue 3 and the lookup/msg runtime): the real `sockc` applies
# policies from examples/ and generated sources to cgroups (sockc-test-*) and network
# namespaces (sockc-test-*) of their own, with real clients and servers (curl, socat,
# nginx, redis, python). Each script removes what it made on every exit path
# (tests/e2e_lib.sh). They need root, cgroup v2 and BPF, and fail without them unless
# SOCKC_SKIP_KERNEL_TESTS=1 (exit 77: skipped); a missing tool is a failure that names
# its Debian package. They share /sys/fs/bpf/sockc with the runtime tests: one at a time.
set(SOCKC_E2E_TESTS one_ip redis discovery deny udp reapply steer register bindings accel blocklist services acl msgtable tenants sandbox egress users subuids)
foreach(name ${SOCKC_E2E_TESTS})
  add_test(NAME e2e_${name}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e_${name}.sh $<TARGET_FILE:sockc> $<TARGET_FILE:sockc_rt_cli>)
  set_tests_properties(e2e_${name} PROPERTIES LABELS kernel RESOURCE_LOCK sockc_bpffs TIMEOUT 300
                       SKIP_RETURN_CODE 77)
endforeach()
