# The benchmark harness's own test (bench/, issue 4): bench.py --check at its smallest
# sizes, against the real kernel, with the driver built first (bench/ is outside
# `all`). Only for the executable that is shipped (static, without sanitizers): the
# bench compares that one with clang's.
if(SOCKC_STATIC AND NOT SOCKC_SANITIZE AND EXISTS ${PROJECT_SOURCE_DIR}/bench/CMakeLists.txt)
  add_test(NAME bench_driver COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target connect_bench)
  set_tests_properties(bench_driver PROPERTIES FIXTURES_SETUP bench_driver)
  add_test(NAME bench_smoke COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/bench_smoke.sh $<TARGET_FILE:sockc>
           ${CMAKE_BINARY_DIR}/bench/connect_bench ${PROJECT_SOURCE_DIR})
  set_tests_properties(bench_smoke PROPERTIES FIXTURES_REQUIRED bench_driver LABELS kernel
                       RESOURCE_LOCK sockc_bpffs TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
