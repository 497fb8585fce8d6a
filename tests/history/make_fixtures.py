#!/usr/bin/env python3
"""Builds page.json, pages.json, bad.json, bad-extra.json, history.csv, history-page.csv and
history-priced.csv from one table, so the JSON and CSV fixtures describe the same generations.

Shape: GET /generations/user/{userId} in api-evangelist/leonardo-ai
openapi/_original/leonardo-ai-image-generation-openapi.json (see schema.md).
Deterministic: run it again and the files are byte-identical.
"""
import csv
import json
import random
import uuid

rng = random.Random(18)
USER = "3f6c1b9e-2d4a-4c8e-9b7a-5e1d0c2f8a61"


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


MODELS = {  # id -> (name for urls, action key, sdVersion as the platform reports it)
    "7b592283-e8a7-4c5a-9ba6-d18c31f258b9": ("Lucid_Origin", "lucid_origin", "KINO_2_0"),
    "05ce0082-2d80-4a2d-8653-4d1c85e2418e": ("Lucid_Realism", "lucid_realism", "KINO_2_0"),
    "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3": ("Leonardo_Phoenix", "phoenix_1_0", "PHOENIX"),
    "6b645e3a-d64f-4341-a6d8-7a3690fbf042": ("Leonardo_Phoenix", "phoenix_0_9", "PHOENIX"),
    "b2614463-296c-462a-9586-aafdb8f00e36": ("Flux_Dev", "flux_dev", "FLUX_DEV"),
    "1dd50843-d653-4516-a8e3-f0238ee453ff": ("Flux_Schnell", "flux_schnell", "FLUX"),
    "b24e16ff-06e3-43eb-8d33-4416c2d75876": ("Leonardo_Lightning_XL", "alchemy_v2_lightning_xl", "SDXL_LIGHTNING"),
    "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3": ("Leonardo_Creative", "default", "v2"),
}
TRANSFORM_ACTION = {"UPSCALE": "upscaler", "NOBG": "remove_background", "UNZOOM": "unzoom"}

# (createdAt, modelId, w, h, status, n_images, ultra, photoReal, promptMagic, prompt,
#  variations: list of (image index, transformType, status))
PAGE1 = [  # newest first, as the app lists them; fit must not rely on it
    ("2026-03-08T17:05:31.902Z", "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3", 768, 768, "PENDING", 0, None, False, False,
     "a lighthouse in fog, oil painting", []),
    ("2026-03-08T16:58:12.044Z", "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3", 768, 768, "COMPLETE", 4, None, False, True,
     "a lighthouse in fog, oil painting", [(3, "NOBG", "COMPLETE")]),
    ("2026-03-07T10:21:09.513Z", "b2614463-296c-462a-9586-aafdb8f00e36", 1024, 1024, "COMPLETE", 2, False, False, False,
     "product shot of a ceramic mug on linen", [(0, "UPSCALE", "COMPLETE"), (0, "NOBG", "COMPLETE")]),
    ("2026-03-06T14:12:44.300Z", "6b645e3a-d64f-4341-a6d8-7a3690fbf042", 832, 1248, "FAILED", 0, False, False, False,
     "poster of a jazz festival with the text BLUE NOTE", []),
    ("2026-03-05T23:59:59.999Z", "05ce0082-2d80-4a2d-8653-4d1c85e2418e", 1024, 1024, "COMPLETE", 1, True, False, False,
     "portrait of an elderly fisherman, golden hour", []),
    ("2026-03-04T08:30:10.120Z", "b24e16ff-06e3-43eb-8d33-4416c2d75876", 1024, 768, "COMPLETE", 1, None, False, False,
     "isometric game tile, desert oasis", [(0, "NOBG", "FAILED"), (0, "UPSCALE", "PENDING")]),
    ("2026-03-03T12:00:00.000Z", "1dd50843-d653-4516-a8e3-f0238ee453ff", 1024, 1024, "COMPLETE", 4, False, False, False,
     "thumbnail sketches of a robot mascot", []),
    ("2026-03-02T21:40:05.002Z", "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3", 1024, 1024, "COMPLETE", 2, False, False, False,
     "an orange cat standing on a blue basketball", [(1, "UNZOOM", "COMPLETE")]),
    ("2026-03-02T09:15:22.481Z", "7b592283-e8a7-4c5a-9ba6-d18c31f258b9", 1472, 832, "COMPLETE", 4, False, False, False,
     "a portrait-style photograph featuring a fox", [(0, "UPSCALE", "COMPLETE"), (2, "NOBG", "COMPLETE")]),
]
PAGE2 = [
    ("2026-03-01T19:44:03.117Z", "7b592283-e8a7-4c5a-9ba6-d18c31f258b9", 1024, 1024, "COMPLETE", 2, True, False, False,
     "a portrait-style photograph featuring a fox", [(1, "UPSCALE", "COMPLETE")]),
    ("2026-02-28T11:02:48.650Z", "1dd50843-d653-4516-a8e3-f0238ee453ff", 1024, 1024, "COMPLETE", 1, False, False, False,
     "thumbnail sketches of a robot mascot", []),
    ("2026-02-27T07:30:00.000Z", "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3", 1472, 832, "COMPLETE", 4, False, False, False,
     "banner, mountain range at dawn", [(2, "UNZOOM", "COMPLETE"), (3, "NOBG", "COMPLETE")]),
    ("2026-02-25T15:15:15.151Z", "b2614463-296c-462a-9586-aafdb8f00e36", 1024, 1024, "COMPLETE", 4, False, False, False,
     "product shot of a ceramic mug on linen", []),
    ("2026-02-23T09:00:01.001Z", "05ce0082-2d80-4a2d-8653-4d1c85e2418e", 1024, 1024, "COMPLETE", 1, False, False, False,
     "portrait of an elderly fisherman, golden hour", []),
]


def slug(prompt):
    return "_".join(prompt.replace(",", "").split()[:8])


def generation(row):
    created, model, w, h, status, n, ultra, photoreal, pm, prompt, variations = row
    gid = uid()
    name = MODELS.get(model, ("Default",))[0]
    images = []
    for j in range(n):
        iid = uid()
        vars_ = []
        for (k, tt, vs) in variations:
            if k != j:
                continue
            vid = uid()
            vars_.append({
                "id": vid,
                "status": vs,
                "transformType": tt,
                "url": (f"https://cdn.leonardo.ai/users/{USER}/generations/{gid}/variations/{vid}.png"
                        if vs == "COMPLETE" else None),
            })
        images.append({
            "generated_image_variation_generics": vars_,
            "id": iid,
            "imageToVideo": False,
            "likeCount": 0,
            "motion": False,
            "motionModel": None,
            "motionMP4URL": None,
            "motionStrength": None,
            "nsfw": False,
            "url": f"https://cdn.leonardo.ai/users/{USER}/generations/{gid}/{name}_{slug(prompt)}_{j}.jpg",
        })
    g = {
        "createdAt": created,
        "generated_images": images,
        "generation_elements": [],
        "guidanceScale": 7,
        "id": gid,
        "imageHeight": h,
        "imageWidth": w,
        "inferenceSteps": 15 if model == "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3" else 10,
        "initStrength": None,
        "modelId": model,
        "negativePrompt": "",
        "photoReal": photoreal,
        "photoRealStrength": None,
        "presetStyle": "DYNAMIC" if model != "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3" else "LEONARDO",
        "prompt": prompt,
        "promptMagic": pm,
        "promptMagicStrength": None,
        "promptMagicVersion": "v3" if pm else None,
        "public": False,
        "scheduler": "LEONARDO" if model != "6bef9f1b-29cb-40c7-b9df-32b51c1f67d3" else "EULER_DISCRETE",
        "sdVersion": MODELS.get(model, (None, None, "v1_5"))[2],
        "seed": rng.randrange(1, 2_000_000_000),
        "status": status,
        "ultra": ultra,
    }
    return g


def rows_for(gens, prices=None):
    """History rows per mapping.md: COMPLETE generations with >= 1 image; COMPLETE variations."""
    out = []
    for g in gens:
        if g["status"] != "COMPLETE" or not g["generated_images"]:
            continue
        action = MODELS[g["modelId"]][1]
        date = g["createdAt"]
        out.append({
            "date": date, "action": action, "images": len(g["generated_images"]),
            "tokens": (prices or {}).get((action, len(g["generated_images"]), bool(g["ultra"])), ""),
            "mode": "", "size": "", "references": "", "activity": "", "id": g["id"], "parent": "",
        })
        for img in g["generated_images"]:
            for v in img["generated_image_variation_generics"]:
                if v["status"] != "COMPLETE":
                    continue
                op = TRANSFORM_ACTION.get(v["transformType"])
                if op is None:
                    continue
                out.append({
                    "date": date, "action": op, "images": 1,
                    "tokens": (prices or {}).get((op, 1, False), ""),
                    "mode": "", "size": "", "references": "", "activity": "", "id": v["id"],
                    "parent": g["id"],
                })
    # sorted by date-time; a generation before its operations (stable sort keeps that)
    out.sort(key=lambda r: r["date"])
    return out


COLS = ["date", "action", "images", "tokens", "mode", "size", "references", "activity", "id", "parent"]


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


page1 = {"generations": [generation(r) for r in PAGE1]}
page2 = {"generations": [generation(r) for r in PAGE2]}
dump("page.json", page1)
dump("pages.json", [page1, page2])

write_csv("history-page.csv", rows_for(page1["generations"]))
write_csv("history.csv", rows_for(page1["generations"] + page2["generations"]))

# Fixture prices (NOT platform figures): what a user might have noted from the Generate button.
# Keys: (action, images, ultra). Operations use the catalog's figures (upscaler 5, remove
# background 2, unzoom 5) so `fit` sees them equal to the catalog and writes no `tokens`.
PRICES = {
    ("lucid_origin", 4, False): 32, ("lucid_origin", 2, True): 40,
    ("lucid_realism", 1, True): 20, ("lucid_realism", 1, False): 8,
    ("phoenix_1_0", 2, False): 16, ("phoenix_1_0", 4, False): 40,
    ("flux_dev", 2, False): 16, ("flux_dev", 4, False): 32,
    ("flux_schnell", 4, False): 8, ("flux_schnell", 1, False): 2,
    ("alchemy_v2_lightning_xl", 1, False): 10,
    ("default", 4, False): 4,
    ("upscaler", 1, False): 5, ("remove_background", 1, False): 2, ("unzoom", 1, False): 5,
}
write_csv("history-priced.csv", rows_for(page1["generations"] + page2["generations"], PRICES))

# bad.json: one good generation, one unknown model (a real platform model, RPG v5, that the
# catalog does not map), one malformed createdAt.
good = generation(("2026-03-10T10:00:00.000Z", "1dd50843-d653-4516-a8e3-f0238ee453ff", 1024, 1024,
                   "COMPLETE", 1, False, False, False, "a red kite over a beach", []))
unknown = generation(("2026-03-10T11:00:00.000Z", "f1929ea3-b169-4c18-a16c-5d58b4292c69", 768, 768,
                      "COMPLETE", 2, None, False, False, "an elven ranger, RPG portrait", []))
bad_date = generation(("10/03/2026 12:00", "7b592283-e8a7-4c5a-9ba6-d18c31f258b9", 1024, 1024,
                       "COMPLETE", 1, False, False, False, "a portrait-style photograph featuring a fox",
                       [(0, "UPSCALE", "COMPLETE")]))
dump("bad.json", {"generations": [good, unknown, bad_date]})

# bad-extra.json (an array of pages): further error classes, one per generation.
e_null_model = generation(("2026-03-11T09:00:00.000Z", None, 768, 768, "COMPLETE", 1, None, True, False,
                           "photoreal v1 portrait, no modelId", []))
e_bad_transform = generation(("2026-03-11T10:00:00.000Z", "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3", 1024, 1024,
                              "COMPLETE", 1, False, False, False, "a blue bicycle", [(0, "UPSCALE", "COMPLETE")]))
e_bad_transform["generated_images"][0]["generated_image_variation_generics"][0]["transformType"] = "SUPERSCALE"
e_bad_status = generation(("2026-03-11T11:00:00.000Z", "b2614463-296c-462a-9586-aafdb8f00e36", 1024, 1024,
                           "COMPLETE", 1, False, False, False, "a green teapot", []))
e_bad_status["status"] = "DONE"
e_impossible_date = generation(("2026-02-30T10:00:00.000Z", "1dd50843-d653-4516-a8e3-f0238ee453ff", 1024, 1024,
                                "COMPLETE", 1, False, False, False, "a paper boat", []))
e_no_images_field = generation(("2026-03-11T12:00:00.000Z", "1dd50843-d653-4516-a8e3-f0238ee453ff", 1024, 1024,
                                "COMPLETE", 1, False, False, False, "a snow globe", []))
del e_no_images_field["generated_images"]
e_inpaint = generation(("2026-03-11T13:00:00.000Z", "de7d3faf-762f-48e0-b3b7-9d0ac3a3fcf3", 1024, 1024,
                        "COMPLETE", 1, False, False, False, "a castle on a hill", [(0, "INPAINT", "COMPLETE")]))
dump("bad-extra.json", [
    {"generations": [e_null_model, e_bad_transform, e_bad_status]},
    {"generations": [e_impossible_date, e_no_images_field, e_inpaint]},
    {"generation": []},
])
