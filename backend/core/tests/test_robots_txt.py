from django.test import Client


def test_robots_txt_keeps_every_crawler_out_and_is_not_the_app():
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"User-agent: *\nDisallow: /\n"
    assert Client().post("/robots.txt").status_code == 405
