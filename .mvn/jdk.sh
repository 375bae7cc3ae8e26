# Sourced by ./mvnw and ./laurel (POSIX sh): find a JDK >= 21 so a newcomer never sets JAVA_HOME.
# Order: JAVA_HOME, the java on PATH, then the usual install folders. Exports JAVA_HOME.
laurel_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

laurel_try_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  laurel_major=$(laurel_java_major "$1/bin/java")
  [ -n "$laurel_major" ] && [ "$laurel_major" -ge 21 ] || return 1
  JAVA_HOME=$1
  export JAVA_HOME
}

laurel_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && laurel_try_jdk "$JAVA_HOME"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    laurel_path_java=$(readlink -f "$(command -v java)")
    if laurel_try_jdk "$(dirname "$(dirname "$laurel_path_java")")"; then return 0; fi
  fi
  # mvnw runs with globbing off (set -f); switch it on just for this search.
  case $- in *f*) laurel_noglob=1; set +f ;; *) laurel_noglob= ;; esac
  laurel_found=1
  for laurel_candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
    if laurel_try_jdk "$laurel_candidate"; then laurel_found=0; break; fi
  done
  [ -n "$laurel_noglob" ] && set -f
  if [ "$laurel_found" -ne 0 ]; then
    echo "Laurel needs a JDK 21 or newer (with javac); none was found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) and run this again." >&2
  fi
  return "$laurel_found"
}
