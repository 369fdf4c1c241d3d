#include <iostream>
#include "commands.hpp"
namespace cinerec::cli {
int cmd_snapshot(const Args&) { std::cerr << "cinerec snapshot: not built yet\n"; return 2; }
}
