"""The validation figures in words (plain Python: the benchmark prints recorded figures without scikit-learn)."""
from __future__ import annotations


def print_figures(clef: dict, claimbuster: dict, echo=print) -> None:
    echo("CLEF 2019 training transcripts, MAP, leave-one-transcript-out (19 folds); goal >= 0.17")
    echo(f"  learned model            {clef['model']:.3f}   (model alone, without the plan and plea rules: "
         f"{clef['model_alone']:.3f})")
    echo(f"  rules (today's score)    {clef['rules']:.3f}")
    echo(f"  random ranking           {clef['random']:.3f}")
    echo(f"  (ClaimBuster copies of held-out sentences kept out of training, summed over folds: "
         f"{clef['claimbuster_copies_dropped']})")
    echo("  per transcript, model / rules:")
    for name, (model, rules) in clef["per_transcript"].items():
        echo(f"    {name:32s} {model:.3f} / {rules:.3f}")
    precision, recall = claimbuster["model_precision_recall"]
    echo(f"ClaimBuster training set, held-out 20 % ({claimbuster['held_out']} sentences, "
         f"{claimbuster['held_out_positive']} positive), F1 of the positive class; goal >= 0.85")
    echo(f"  learned model            {claimbuster['model']:.3f}   (threshold {claimbuster['model_threshold']:.3f} "
         f"from out-of-fold F1 {claimbuster['model_oof_f1']:.3f} on the training part; P {precision:.3f} "
         f"R {recall:.3f}; best threshold in hindsight {claimbuster['model_best_threshold_in_hindsight']:.3f}; "
         f"model alone {claimbuster['model_alone']:.3f})")
    echo(f"  rules at {claimbuster['rules_threshold']:.2f}            {claimbuster['rules']:.3f}")
    echo(f"  rules, tuned threshold   {claimbuster['rules_tuned']:.3f}   (threshold "
         f"{claimbuster['rules_tuned_threshold']:.3f}, chosen on the training part)")
    echo(f"  random flags             {claimbuster['random']:.3f}   (all positive: {claimbuster['all_positive']:.3f})")
    echo(f"  (CLEF copies of held-out sentences kept out of training: {claimbuster['clef_copies_dropped']})")
