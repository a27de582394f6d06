# Sourced by the launchers: sets JAVA to a java of version >= 21, JAVA_HOME to its home and JAVA_MAJOR to its
# version, looking in JAVA_HOME, on PATH, then in the system's JVM directories (newest first); exits with a clear
# message when there is none.
java_major() {
  "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}
find_java() {
  local want=${EVENT_ROUTER_MIN_JAVA:-21} candidate major
  local system
  system=$(ls -d /usr/lib/jvm/*/bin/java /opt/java/*/bin/java 2>/dev/null | sort -rV || true)
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" $system; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      JAVA=$(readlink -f "$candidate")
      JAVA_HOME=$(dirname "$(dirname "$JAVA")")
      JAVA_MAJOR=$major
      export JAVA JAVA_HOME JAVA_MAJOR
      return 0
    fi
  done
  echo "event-router: needs Java $want or newer; none found in JAVA_HOME, on PATH or in /usr/lib/jvm" >&2
  exit 1
}
find_java
