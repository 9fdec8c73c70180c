import datetime as dt
import json

from bantin.model.dates import TZ
from bantin.model.registry import Agency
from bantin.site.photos.gallery import PhotoSet
from bantin.site.photos.social import SocialImage, SocialSet
from bantin.site.seo import Picture, head, news_article
from factories import make_post

AGENCY = Agency("a", "Đảng bộ Sở A", "Sở A")
IMAGE = Picture("https://x/p.jpg", 100, 1280, 720, "Ảnh")
LOGO = Picture("https://x/logo.png", 10, 1200, 630, "S")
SOCIAL = SocialSet(SocialImage("assets/bantin/chia-se/site.png", 10, 1200, 630),
                   {"a": SocialImage("assets/bantin/chia-se/a.png", 20, 1200, 630)}, {})
NO_PHOTOS = PhotoSet({}, None)  # type: ignore[arg-type]


def post(title, author="", **fields):
    return make_post(title=title, date=dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ), tags=("đại hội",), author=author,
                     summary="Tóm tắt", **fields)


def test_news_article_cannot_break_out_of_its_script_tag():
    text = news_article(post("</script><script>alert(1)</script> & <!--"), AGENCY, "https://x/a/", IMAGE, 'S "</script>',
                        "https://x/", LOGO)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["headline"] == "</script><script>alert(1)</script> & <!--"
    assert data["publisher"]["name"] == 'S "</script>'


def test_news_article_fields():
    data = json.loads(news_article(post("Đại hội", "Trần Thu Hà"), AGENCY, "https://x/a/", IMAGE, "Bản tin", "https://x/",
                                   LOGO))
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "vi"
    assert data["datePublished"] == "2020-01-16T08:30:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Trần Thu Hà"} and data["image"] == ["https://x/p.jpg"]
    assert data["dateModified"] == data["datePublished"]
    assert data["publisher"] == {"@type": "Organization", "name": "Bản tin", "url": "https://x/", "logo": {
        "@type": "ImageObject", "url": "https://x/logo.png", "width": 1200, "height": 630}}
    assert json.loads(news_article(post("X"), AGENCY, "u", IMAGE, "S", "s", LOGO))["author"] == {
        "@type": "Organization", "name": "Đảng bộ Sở A"}


def test_date_modified_is_the_correction_day():
    fixed = post("X", updated=dt.datetime(2020, 2, 3, 14, 0, tzinfo=TZ))
    assert json.loads(news_article(fixed, AGENCY, "u", IMAGE, "S", "s", LOGO))["dateModified"] == \
        "2020-02-03T14:00:00+07:00"
    assert head(fixed, AGENCY, NO_PHOTOS, "https://x/", "S", SOCIAL)["modified"] == "2020-02-03T14:00:00+07:00"
    assert head(post("X"), AGENCY, NO_PHOTOS, "https://x/", "S", SOCIAL)["modified"] == ""


def test_a_page_without_a_photo_shares_its_agency_emblem_else_the_site_image():
    other = Agency("b", "Đảng bộ Sở B", "Sở B")
    emblem = head(post("X"), AGENCY, NO_PHOTOS, "https://x/", "S", SOCIAL)
    assert (emblem["image"], emblem["image_alt"]) == ("https://x/assets/bantin/chia-se/a.png", "Đảng bộ Sở A")
    assert json.loads(emblem["jsonld"])["image"] == ["https://x/assets/bantin/chia-se/a.png"]
    assert json.loads(emblem["jsonld"])["publisher"]["logo"]["url"] == "https://x/assets/bantin/chia-se/site.png"
    site = head(post("X", agency="b"), other, NO_PHOTOS, "https://x/", "S", SOCIAL)
    assert (site["image"], site["image_width"], site["image_height"], site["image_alt"]) == (
        "https://x/assets/bantin/chia-se/site.png", 1200, 630, "S")
    # List pages: an agency's (its units', its terms') show its emblem; the others the site's.
    assert head(None, AGENCY, NO_PHOTOS, "https://x/", "S", SOCIAL)["image"].endswith("/a.png")
    assert head(None, None, NO_PHOTOS, "https://x/", "S", SOCIAL) == {
        "type": "website", "image": "https://x/assets/bantin/chia-se/site.png", "image_width": 1200,
        "image_height": 630, "image_alt": "S"}
    # No site_url: no absolute address to give, so no picture.
    assert "image" not in head(None, None, NO_PHOTOS, "", "S", SOCIAL)
