import datetime as dt
import json

from bantin.model.dates import TZ
from bantin.model.registry import Agency
from bantin.site.seo import news_article
from factories import make_post

AGENCY = Agency("a", "Đảng bộ Sở A", "Sở A")


def post(title, author=""):
    return make_post(title=title, date=dt.datetime(2020, 1, 16, 8, 30, tzinfo=TZ), tags=("đại hội",), author=author,
                     summary="Tóm tắt")


def test_news_article_cannot_break_out_of_its_script_tag():
    text = news_article(post("</script><script>alert(1)</script> & <!--"), AGENCY, "https://x/a/", None, "S", "https://x/")
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["headline"] == "</script><script>alert(1)</script> & <!--"


def test_news_article_fields():
    data = json.loads(news_article(post("Đại hội", "Trần Thu Hà"), AGENCY, "https://x/a/", None, "Bản tin", "https://x/"))
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "vi"
    assert data["datePublished"] == "2020-01-16T08:30:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Trần Thu Hà"} and "image" not in data
    assert json.loads(news_article(post("X"), AGENCY, "u", None, "S", "s"))["author"]["name"] == "Đảng bộ Sở A"
