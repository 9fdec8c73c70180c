"""The GitHub Pages workflow: pinned build, official Pages actions, the site address from Pages."""

from __future__ import annotations

import yaml

from sitebuild import REPO


def test_pages_workflow_builds_with_make_site_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key "on" as True
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    make = next(step for step in build if step.get("run") == "make site")
    assert make["env"]["BANTIN_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_site_url_comes_from_the_environment():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [BANTIN_SITE_URL, "https://example.github.io/bantin/"]' in text
