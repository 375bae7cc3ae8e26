#!/usr/bin/env bash
# Assembles the root file system every Laurel image starts from, without pulling a base image
# (no registry needed): a Java runtime cut by jlink from the build's own JDK (21 or newer), the
# GNU C library it runs on (Debian 12's libc6, through apt-get download, or LAUREL_LIBC6_DEB=<file.deb>),
# and an unprivileged user `laurel` (uid/gid 185). The images add the service on top (see the
# `image` profile in pom.xml). Idempotent: it does nothing when the root is already there.
#
# usage: image/build-base.sh <output dir>     (the build calls it with target/image-base at the root)
set -euo pipefail

out=${1:?usage: build-base.sh <output dir>}
root=$out/rootfs
if [ -f "$out/.complete" ]; then
  exit 0
fi
rm -rf "$out"
mkdir -p "$root" "$out/unpack"

java_home=${JAVA_HOME:?JAVA_HOME must point at the JDK the build runs on}
# The modules a Quarkus gRPC service over Postgres uses (jdeps on the app, plus JFR and management for operators).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.naming.dns,jdk.unsupported,jdk.zipfs
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$root/opt/java"
# jlink links the license files of java.base into every module's folder: make them files
find "$root/opt/java/legal" -type l | while read -r link; do
  cp --remove-destination "$(readlink -f "$link")" "$link"
done

deb=${LAUREL_LIBC6_DEB:-}
if [ -z "$deb" ]; then
  # a fresh machine may have no package lists yet: fetch them once, then try again
  (cd "$out/unpack" && { apt-get download libc6 >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get download libc6 >/dev/null 2>&1; }; }) || {
    echo "cannot download Debian's libc6 (apt-get download libc6); set LAUREL_LIBC6_DEB=<libc6 .deb>" >&2
    exit 1
  }
  deb=$(ls "$out"/unpack/libc6_*.deb)
fi
dpkg-deb -x "$deb" "$out/unpack/libc6"
# only the shared libraries and the loader (no tools, no locales); real files, no links, so any
# image builder copies them as they are
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64"
cp -L "$out"/unpack/libc6/lib/x86_64-linux-gnu/*.so* "$root/lib/x86_64-linux-gnu/"
cp -L "$out/unpack/libc6/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$root/lib64/"

mkdir -p "$root/etc" "$root/tmp" "$root/deployments"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
laurel:x:185:185:laurel:/deployments:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
laurel:x:185:
GROUP
echo "hosts: files dns" > "$root/etc/nsswitch.conf"

# the runtime must start inside the root it ships in
if [ "$(uname -m)" = x86_64 ] && command -v unshare >/dev/null && unshare -U -r true 2>/dev/null; then
  # (no /proc in a bare chroot, so the launcher's $ORIGIN lookup gets the library path spelled out)
  LD_LIBRARY_PATH=/opt/java/lib unshare -U -r chroot "$root" /opt/java/bin/java -version 2>&1 | head -n 1 || {
    echo "the assembled root cannot run java" >&2; exit 1; }
fi
rm -rf "$out/unpack"
touch "$out/.complete"
