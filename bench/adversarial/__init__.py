"""An evaluation corpus for household matching whose noise prevex did not design.

Standalone (standard library only, no Django): ``python bench/adversarial/generate.py
--out DIR --households N --seed S`` writes one CSV per sender in the import format and
the truth files. See docs/adversarial-corpus.md.
"""
