// The CLI's one-line reason for a recommendation: the same sentence
// web/lib/reasons.js `reason()` writes for the library and the app (the
// rules are repeated there; tests/js/cli.test.mjs checks that both give the
// same sentence for the same model and profile).
#pragma once
#include <string>

#include "cinerec/session.hpp"

namespace cinerec::cli {

// `why` is the recommendation's structured explanation; `item` the movie.
std::string reason_text(const Session& s, const Why& why, const Profile& profile, int32_t item);

}  // namespace cinerec::cli
