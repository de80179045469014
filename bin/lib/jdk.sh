# Sourced by bin/cablekit, bin/test and .ci/run: chooses a JDK >= 21.
# Order: JAVA_HOME if it is a JDK >= 21, else the first JDK >= 21 under /usr/lib/jvm
# (Temurin 25 on the project's machines), else a clear message.

jdk_feature_version() {
  # prints the feature version of the JDK at $1 (e.g. 25), or nothing
  local release="$1/release" version
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  elif [ -x "$1/bin/java" ]; then
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

is_jdk21() {
  [ -n "$1" ] && [ -x "$1/bin/javac" ] || return 1
  local v
  v=$(jdk_feature_version "$1")
  [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null
}

find_jdk() {
  if is_jdk21 "${JAVA_HOME:-}"; then
    echo "$JAVA_HOME"
    return 0
  fi
  local candidate best="" best_version=0 v
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    if is_jdk21 "$candidate"; then
      v=$(jdk_feature_version "$candidate")
      if [ "$v" -gt "$best_version" ]; then
        best="$candidate"
        best_version="$v"
      fi
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi
  {
    echo "CableKit needs a JDK 21 or newer to build and run."
    echo "JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and /usr/lib/jvm holds:"
    for candidate in /usr/lib/jvm/*; do
      [ -d "$candidate" ] && echo "  $candidate (Java $(jdk_feature_version "$candidate"))"
    done
    echo "Install one (for example Temurin 25) or point JAVA_HOME at it."
  } >&2
  return 1
}

maven_opts_for() {
  # Maven 3.8's bundled guava warns about sun.misc.Unsafe on JDK 23+; the flag that silences it
  # exists only there.
  local v
  v=$(jdk_feature_version "$1")
  if [ "$v" -ge 23 ] 2>/dev/null; then
    echo "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    echo "${MAVEN_OPTS:-}"
  fi
}
