// Shim for libexif 0.6.24 (Debian: libexif-dev). No logic lives here.
#pragma once
#include <stddef.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-tag.h>
#include <libexif/exif-ifd.h>
#include <libexif/exif-log.h>
#include <libexif/exif-entry.h>
