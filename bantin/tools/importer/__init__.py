"""`bantin import`: old CMS articles (plain text or HTML) into posts. Plain Python.

- `recognisers`: what does not depend on an article's layout: text hygiene, dates, terms,
  kinds, agencies, bylines
- `article`: one article's layout read (section line, date line, title, body, captions, byline)
- `plan`: each file's post (front matter and body) and where it goes, or why it is refused
- `writing`: the planned posts written, all of them or none
- `report`: the Vietnamese report of what was read and what the editor still has to do

What cannot be recognised is left to the editor as a `# TODO` comment in the post and a line in
the report.
"""
