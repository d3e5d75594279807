#!/usr/bin/env bash
# Install the Debian packages needed to build, boot and test the kernel.
#
# Run as root (CI and these machines are); otherwise it names what is missing
# and how to install it, and fails.  `make run` and `make test` call it only
# when scripts/check-deps.sh finds a tool missing.
set -euo pipefail

packages=(nasm grub-pc-bin grub-common xorriso mtools qemu-system-x86
	  python3 gcc clang make binutils)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "error: missing packages: ${missing[*]}" >&2
	echo "       install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
