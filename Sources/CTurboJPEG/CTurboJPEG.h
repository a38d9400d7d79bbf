// Shim for libjpeg-turbo's TurboJPEG 2.1 API (Debian: libturbojpeg0-dev). No logic lives here.
#pragma once
#include <turbojpeg.h>
