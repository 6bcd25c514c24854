"""Training the learned check-worthiness model: `flask train` and `make train`.

Needs the optional dependencies `pip install -e '.[train]'` (scikit-learn, numpy, scipy), which `make train`
installs; the scorer that reads the result (checker/claims/learned.py) needs none of them.

    data.py      the two labelled English sets under CHECKER_DATA/checkworthy/, their held-out parts, and the
                 claims steps run on every sentence
    fit.py       feature matrices, fits, calibration, thresholds and the measures (MAP, F1)
    validate.py  the two protocols (CLEF leave-one-transcript-out MAP, ClaimBuster held-out F1) with the
                 rules and random baselines
    report.py    the figures in words
    train.py     validate, fit on everything, write checker/claims/model/, print the figures
"""
