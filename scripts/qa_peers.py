#!/usr/bin/env python3
"""The peers of `make bench`'s pixel-QA part (issue 8 §3), run as their users run them.

    qa_peers.py make-set REAL OUT        the labelled set from the real test panoramas (Pillow + NumPy):
                                         images in OUT/images, their labels in OUT/labels.json
    qa_peers.py cleanvision DIR OUT.json  cleanvision's Imagelab.find_issues() on DIR, issues as JSON
    qa_peers.py imagededup DIR OUT.json   imagededup's PHash.find_duplicates() (Hamming <= 10) on DIR, as JSON

The set's labels go to OUT/labels.json; mly360-bench scores every tool against them. Only this script runs
Python; it uses the `.venv-bench` environment that `make bench-peers` builds from PyPI.
"""
import json
import os
import sys
import time


def atomic_json(path, value):
    """Writes JSON to a temporary file, fsyncs it and renames it over `path`."""
    temporary = path + ".part"
    with open(temporary, "w") as handle:
        json.dump(value, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


# Base panoramas (full-sphere 2:1, from ../shared/testdata/real/) and flat photos cropped to 2:1.
PANORAMAS = ["pano/GSAG2002.JPG", "pano/R0014760.JPG", "pano/sun.jpg", "not-pano/examplepano.jpg"]
FLAT_PHOTOS = ["camera/DSC00001.JPG", "camera/33-type_error.jpg", "camera/28-hex_value.jpg"]


def make_set(real, out):
    """Writes the transformed copies to OUT/images and OUT/labels.json: one entry per file with its base, its
    variant and the truth of each signal (blurry, dark, overexposed, not_360)."""
    import numpy as np
    from PIL import Image, ImageFilter

    images = os.path.join(out, "images")
    os.makedirs(images, exist_ok=True)
    labels = {}

    def save(image, name, base, variant, quality=92, **truth):
        path = os.path.join(images, name)
        image.save(path + ".part", "JPEG", quality=quality)
        os.replace(path + ".part", path)
        labels[name] = {"base": base, "variant": variant, "blurry": False, "dark": False,
                        "overexposed": False, "not_360": False, **truth}

    def sources(relatives):
        """(base name, RGB image) of each file of `relatives` that is present."""
        for relative in relatives:
            source = os.path.join(real, relative)
            if not os.path.exists(source):
                print(f"make-set: {source} is absent; skipped", file=sys.stderr)
                continue
            yield os.path.splitext(os.path.basename(relative))[0], Image.open(source).convert("RGB")

    for base, image in sources(PANORAMAS):
        width, height = image.size
        pixels = np.asarray(image).astype(np.float32)
        save(image, f"{base}.jpg", base, "original")
        save(image, f"{base}-q50.jpg", base, "re-encoded", quality=50)
        save(image.resize((width // 2, height // 2), Image.LANCZOS), f"{base}-half.jpg", base, "resized")
        # A turn by a yaw angle is a circular horizontal shift of an equirectangular image.
        save(Image.fromarray(np.roll(np.asarray(image), int(width * 0.37), axis=1)), f"{base}-yaw133.jpg", base,
             "yaw-rolled")
        save(Image.fromarray(np.roll(np.asarray(image), int(width * 0.81), axis=1)), f"{base}-yaw292.jpg", base,
             "yaw-rolled")
        # The issue's case: a Gaussian blur of sigma = 14 px on a 5760-px panorama (scaled with the width). It
        # wraps around the 360° seam, as the blur of a real panorama does (a camera blurs before it stitches): a
        # flat-image blur would open a seam at the edges that no camera makes.
        sigma = 14 * width / 5760
        pad = int(3 * sigma) + 2
        wrapped = np.concatenate([pixels[:, -pad:], pixels, pixels[:, :pad]], axis=1).astype(np.uint8)
        blurred = Image.fromarray(wrapped).filter(ImageFilter.GaussianBlur(radius=sigma))
        save(blurred.crop((pad, 0, pad + width, height)), f"{base}-blur.jpg", base, "blurred", blurry=True)
        save(Image.fromarray(np.clip(pixels * 0.18, 0, 255).astype(np.uint8)), f"{base}-dark.jpg", base,
             "darkened", dark=True)
        save(Image.fromarray(np.clip(pixels * 2.6 + 60, 0, 255).astype(np.uint8)), f"{base}-over.jpg", base,
             "overexposed", overexposed=True)

    for base, image in sources(FLAT_PHOTOS):
        width, height = image.size
        crop_height = width // 2
        if crop_height > height:  # portrait: keep the full height, narrow the width instead
            crop_width, crop_height = height * 2, height
        else:
            crop_width = width
        left, top = (width - crop_width) // 2, (height - crop_height) // 2
        save(image.crop((left, top, left + crop_width, top + crop_height)), f"flat-{base}-2to1.jpg", base,
             "2:1 crop of a flat photo", not_360=True)

    atomic_json(os.path.join(out, "labels.json"), labels)
    print(f"make-set: {len(labels)} files in {images}")


def cleanvision(folder, out):
    """cleanvision 0.3's default checks on every image of `folder`, on all cores (its default n_jobs)."""
    started = time.monotonic()
    from cleanvision import Imagelab

    lab = Imagelab(data_path=folder, verbose=False)
    lab.find_issues(verbose=False)
    issues = lab.issues
    flags = {}
    for path, row in issues.iterrows():
        name = os.path.basename(str(path))
        flags[name] = {column: bool(value) for column, value in row.items() if column.startswith("is_")}
        flags[name].update({column: float(value) for column, value in row.items()
                            if column.endswith("_score") and value == value})
    sets = []
    for kind in ("exact_duplicates", "near_duplicates"):
        for group in lab.info.get(kind, {}).get("sets", []):
            sets.append({"kind": kind, "members": sorted(os.path.basename(str(p)) for p in group)})
    atomic_json(out, {"tool": "cleanvision", "images": flags, "duplicate_sets": sets,
                      "seconds_in_python": time.monotonic() - started})


def imagededup(folder, out):
    """imagededup 0.3's PHash with its documented default threshold (Hamming distance <= 10 of 64 bits).

    Only its hashing methods are used: the package's `imagededup.methods` and `imagededup.utils` __init__
    files also import its CNN method, which needs PyTorch (gigabytes from PyPI, and not what is compared).
    Those two __init__ files are bypassed; the hashing code runs exactly as released."""
    import importlib.util
    import types

    started = time.monotonic()
    root = os.path.dirname(importlib.util.find_spec("imagededup").origin)
    for sub in ("methods", "utils"):
        module = types.ModuleType("imagededup." + sub)
        module.__path__ = [os.path.join(root, sub)]
        sys.modules["imagededup." + sub] = module
    from imagededup.methods.hashing import PHash

    duplicates = PHash(verbose=False).find_duplicates(image_dir=folder, max_distance_threshold=10)
    atomic_json(out, {"tool": "imagededup PHash (max_distance_threshold=10)",
                      "duplicates": {name: sorted(found) for name, found in duplicates.items()},
                      "seconds_in_python": time.monotonic() - started})


def main(argv):
    commands = {"make-set": make_set, "cleanvision": cleanvision, "imagededup": imagededup}
    if len(argv) != 4 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[1]](argv[2], argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
