# bpfir_test: compiler/bpfir.c against LLVM, libbpf and the running kernel.
# bpfir.c is compiled into the test directly so the test does not depend on the rest
# of sockc_compiler. The LLVM flags are read from compiler/'s directory scope, where
# compiler/CMakeLists.txt computes them, so they are defined in one place.
if(NOT TARGET PkgConfig::CMOCKA)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
get_directory_property(BPFIR_LLVM_LINK DIRECTORY ${PROJECT_SOURCE_DIR}/compiler
                       DEFINITION SOCKC_LLVM_LINK)
get_directory_property(BPFIR_LLVM_INCLUDE DIRECTORY ${PROJECT_SOURCE_DIR}/compiler
                       DEFINITION LLVM_INCLUDE_DIR)
add_executable(bpfir_test ${CMAKE_CURRENT_SOURCE_DIR}/bpfir_test.c
               ${PROJECT_SOURCE_DIR}/compiler/bpfir.c)
target_include_directories(bpfir_test PRIVATE ${PROJECT_SOURCE_DIR}/compiler ${PROJECT_SOURCE_DIR}/common) # bounds.h: sc_search
target_include_directories(bpfir_test SYSTEM PRIVATE ${BPFIR_LLVM_INCLUDE})
target_link_libraries(bpfir_test PRIVATE PkgConfig::CMOCKA PkgConfig::LIBBPF ${BPFIR_LLVM_LINK})
add_test(NAME bpfir COMMAND bpfir_test)
# Needs root, BPF and cgroup2; set SOCKC_SKIP_KERNEL_TESTS=1 to skip those parts.
set_tests_properties(bpfir PROPERTIES LABELS "kernel" TIMEOUT 120)
