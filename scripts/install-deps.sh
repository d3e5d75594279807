#!/usr/bin/env bash
# Make sure the tools to build, boot and test the kernel are here.
#
#   scripts/install-deps.sh            what make, make test and make run need
#   scripts/install-deps.sh --window   and QEMU's window (make run WINDOW=1)
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
	# The ISO boots under UEFI too (GRUB's EFI image), tested under OVMF.
	"/usr/lib/grub/x86_64-efi/multiboot2.mod:grub-efi-amd64-bin"
	"/usr/share/OVMF/OVMF_CODE.fd:ovmf"
	"xorriso:xorriso"
	"mformat:mtools"
	"qemu-system-x86_64:qemu-system-x86"
	"python3:python3"
	"gcc:gcc"
	"clang:clang"
	"ld:binutils"
	"clang-format:clang-format"
	"gdb:gdb"
)

# clang's libFuzzer runtime (make fuzz, and its short run in make test) is
# only a Recommends of clang on Debian (libclang-rt-14-dev on bookworm), so
# --no-install-recommends leaves it out.  Its path and package follow the
# version of clang, once clang is there.
fuzzer_runtime_check() {
	local major

	command -v clang >/dev/null 2>&1 || return 0
	major=$(clang -dumpversion | cut -d. -f1)
	echo "$(clang --print-runtime-dir)/libclang_rt.fuzzer-x86_64.a:libclang-rt-${major}-dev"
}
checks+=($(fuzzer_runtime_check))

# QEMU's GTK window is a module of its own package on Debian.
if [ "${1:-}" = "--window" ]; then
	checks+=("/usr/lib/x86_64-linux-gnu/qemu/ui-gtk.so:qemu-system-gui")
fi

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
# clang may have come just now: its fuzzer runtime was not checked yet.
runtime=$(fuzzer_runtime_check)
if [ -n "$runtime" ] && [ ! -e "${runtime%%:*}" ]; then
	apt-get install -y -qq --no-install-recommends "${runtime##*:}" >/dev/null
fi
echo "install-deps: done"
