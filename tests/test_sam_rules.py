"""SAM rule data that must agree with the core model."""

from slint_rules.sam.sl501_globals_unsupported import globals_allow_lists

from slint.model import GLOBALS_SECTIONS


def test_globals_allow_lists_cover_the_sections_the_model_merges():
    # A section the model merges but the rule rejects (or the reverse) would contradict itself.
    assert set(globals_allow_lists()) == set(GLOBALS_SECTIONS)


def test_globals_allow_lists_exclude_what_sam_rejects():
    allowed = globals_allow_lists()
    assert {"Role", "Policies", "FunctionName", "Events", "InlineCode", "PackageType", "ImageUri"}.isdisjoint(
        allowed["Function"]
    )
    assert {"StageName", "DefinitionBody"}.isdisjoint(allowed["Api"])
    assert "DeploymentPreference" in allowed["Function"]
