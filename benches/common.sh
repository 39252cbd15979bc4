# Sourced by every bench script: goes to the repository's root (as `root`) and sets AIMA
# to the binary to measure: the release build, built first, unless AIMA is given.
root=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
cd "$root"
if [[ -z "${AIMA:-}" ]]; then
    cargo build --release --locked --quiet
    AIMA="${CARGO_TARGET_DIR:-$root/target}/release/aima"
fi
# A relative AIMA is taken from where the script was started, before any `cd`.
if [[ "$AIMA" != /* ]]; then
    AIMA="$(cd "$OLDPWD" && cd "$(dirname "$AIMA")" && pwd)/$(basename "$AIMA")"
fi
