"""Deadlines that are not a stay's own: the §110 duties' lengths live with the stays
(stays/rules.py), because an admission decides them."""

# §101: social drug treatment starts no later than 14 days after the citizen contacts the
# municipality. A §101 referral opens the deadline; the admission or the referral's end closes it.
TREATMENT_START_DAYS = 14
