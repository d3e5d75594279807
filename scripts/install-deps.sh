#!/usr/bin/env bash
# Make sure the tools to build, boot and test the kernel are here.
#
# Fast when everything is installed (it only looks for commands), so
# `make run` and `make test` call it every time.  When something is missing
# it installs the Debian packages that provide it if we are root, and
# otherwise names them in one message and fails.
set -euo pipefail

# command or file to look for -> Debian package that provides it
checks=(
	"nasm:nasm"
	"grub-mkrescue:grub-common"
	"/usr/lib/grub/i386-pc/multiboot2.mod:grub-pc-bin"
	"xorriso:xorriso"
	"mformat:mtools"
	"qemu-system-x86_64:qemu-system-x86"
	"python3:python3"
	"gcc:gcc"
	"clang:clang"
	"ld:binutils"
	"clang-format:clang-format"
)

missing=()
for check in "${checks[@]}"; do
	what=${check%%:*}
	package=${check##*:}
	if [[ $what == /* ]]; then
		[ -e "$what" ] && continue
	else
		command -v "$what" >/dev/null 2>&1 && continue
	fi
	missing+=("$package")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "error: missing tools; install these Debian packages first:" >&2
	echo "       sudo apt-get install ${missing[*]}" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
