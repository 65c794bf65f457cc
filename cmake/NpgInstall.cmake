# Installs libnpg, its headers and a CMake package, so that consumers write
#   find_package(npg CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE npg::npg)
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

set(NPG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/npg
  CACHE STRING "Where npgConfig.cmake is installed, relative to the prefix")

# The include path comes from npg's own $<INSTALL_INTERFACE:include>.
# libnpg is SHARED and links OpenBLAS and npg_warnings PRIVATE, and takes the
# runtime only as $<TARGET_OBJECTS:npg_runtime>, so the export names none of
# them: consumers need neither pkg-config nor OpenBLAS's development files.
install(TARGETS npg
  EXPORT npgTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# <npg/npg.h> ... and <npg/runtime/...>: both trees merge under include/npg.
install(DIRECTORY
    ${PROJECT_SOURCE_DIR}/frontend/include/
    ${PROJECT_SOURCE_DIR}/runtime/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp" PATTERN "*.inc")
# The plain-data trace graph (Trace::graph()); the dialect's headers need
# MLIR and stay in the build tree.
install(FILES ${PROJECT_SOURCE_DIR}/ir/include/npg/IR/TraceGraph.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/npg/IR)
# ... whose ops are the op table's kinds, generated from ODS.
install(FILES ${PROJECT_SOURCE_DIR}/rules/include/npg/rules/OpTable.h
    ${PROJECT_BINARY_DIR}/rules/include/npg/rules/OpTable.h.inc
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/npg/rules)

install(EXPORT npgTargets
  FILE npgTargets.cmake
  NAMESPACE npg::
  DESTINATION ${NPG_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/npgConfig.cmake.in
  ${PROJECT_BINARY_DIR}/npgConfig.cmake
  INSTALL_DESTINATION ${NPG_INSTALL_CMAKEDIR})
# 0.x: minor versions may break the API, so only the same minor is compatible.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/npgConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/npgConfig.cmake
    ${PROJECT_BINARY_DIR}/npgConfigVersion.cmake
  DESTINATION ${NPG_INSTALL_CMAKEDIR})
