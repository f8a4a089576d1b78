"""The lecture's claims, checked.

- ledger.py: every claim — the lecture's words, ours, the rule, the judge — in the lecture's order.
- judges/<topic>.py: one function per claim, named after it. A judge reads this build's own JSON
  results, asks a Ruler (rules.py) each comparison its rule makes, and returns a Finding
  (evidence.py): a verdict and the numbers behind it. The ruler keeps how far the evidence stood
  from each line: the verdict's margin, which the claims page shows.
- verdicts.py: judges every claim whose results a build made; manifest.py writes them to
  verdicts.json.
- presentation.py: a claim as a box on its page, and the claims page.

A page shows a claim's verdict with the `claim` macro (site_hooks/results.py), naming the verdict
its text was written for; when a change to an experiment flips the verdict, the build fails and
names the claim and the page, so that no page keeps a sentence its data no longer supports.

Standard library only: the pipeline judges the claims each time it writes its outputs, and a
warm MkDocs build never imports torch.
"""
