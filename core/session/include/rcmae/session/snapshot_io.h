#pragma once
// The snapshot file format lives in core (rcmae/io/snapshot_io.h), where every run writes
// its last snapshot; the window's code reaches it under the session's names.
#include "rcmae/io/snapshot_io.h"

namespace rcmae::session {

using rcmae::load_snapshot;
using rcmae::save_snapshot;
using rcmae::snapshot_bytes;
using rcmae::snapshot_file;

}  // namespace rcmae::session
