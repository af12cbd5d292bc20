# The compiler's tests against the real kernel (examples load; behaviour in cgroups).
if(NOT TARGET PkgConfig::CMOCKA)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
add_executable(compiler_kernel_test ${CMAKE_CURRENT_SOURCE_DIR}/compiler_kernel_test.c
               ${CMAKE_CURRENT_SOURCE_DIR}/kernel_util.c)
target_compile_definitions(compiler_kernel_test PRIVATE SOCKC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(compiler_kernel_test PRIVATE sockc_compiler sockc_common PkgConfig::CMOCKA PkgConfig::LIBBPF)
# Two processes: the random policies apart from the rest. Each takes 2-3 minutes under
# the sanitizers (scripts/sanitize.sh), half a minute without.
add_test(NAME compiler_kernel COMMAND compiler_kernel_test behaviour)
add_test(NAME compiler_kernel_random COMMAND compiler_kernel_test random)
set_tests_properties(compiler_kernel compiler_kernel_random PROPERTIES LABELS "kernel" TIMEOUT 600)

# What the compiler refuses to read (writable policies, escaping imports).
add_test(NAME compiler_files COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/compiler_files.sh $<TARGET_FILE:sockc>)

# `cmake --install` and the installed stdlib.
add_test(NAME install COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install.sh ${PROJECT_BINARY_DIR})
set_tests_properties(install PROPERTIES DEPENDS compiler_files)

# The flat trie of IPv4 sets (common/flat4.c) and the bounds of search trees
# (common/bounds.c) against brute-force membership.
add_executable(flat4_test ${CMAKE_CURRENT_SOURCE_DIR}/flat4_test.c)
target_link_libraries(flat4_test PRIVATE sockc_common PkgConfig::CMOCKA)
add_test(NAME flat4 COMMAND flat4_test)

# The plan's prefix trie (compiler/prefixes.c) against brute force.
add_executable(prefixes_test ${CMAKE_CURRENT_SOURCE_DIR}/prefixes_test.c)
target_include_directories(prefixes_test PRIVATE ${PROJECT_SOURCE_DIR}/compiler)
target_link_libraries(prefixes_test PRIVATE sockc_compiler PkgConfig::CMOCKA)
add_test(NAME prefixes COMMAND prefixes_test)

# Large growing buffers (common/bigmem.c): bytes kept, huge-page hint given.
add_executable(bigmem_test ${CMAKE_CURRENT_SOURCE_DIR}/bigmem_test.c)
target_link_libraries(bigmem_test PRIVATE sockc_common PkgConfig::CMOCKA)
add_test(NAME bigmem COMMAND bigmem_test)

# The probe tables of rule tables (common/probe.c) against the layout they promise.
add_executable(probe_test ${CMAKE_CURRENT_SOURCE_DIR}/probe_test.c)
target_link_libraries(probe_test PRIVATE sockc_common PkgConfig::CMOCKA)
add_test(NAME probe COMMAND probe_test)

# Object metadata: fill records round-trip, zero runs, refusals.
add_executable(meta_test ${CMAKE_CURRENT_SOURCE_DIR}/meta_test.c)
target_link_libraries(meta_test PRIVATE sockc_common PkgConfig::CMOCKA)
add_test(NAME meta COMMAND meta_test)
