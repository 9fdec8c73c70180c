"""`bantin import`: old CMS articles (plain text or HTML) into posts. Plain Python.

- `recognisers`: what does not depend on an article's layout: text hygiene, dates, terms,
  kinds, agencies, bylines
- `page`: an HTML file's article: a whole saved web page without its menus, breadcrumb, share
  links, related news and footer; its `<h1>`, `<time datetime>`, byline and photo captions
- `article`: one article's layout read (section line, dateline, title, body, captions, byline) and
  the subject agency, kind and terms found in it
- `terms`: the term of an article whose text names none, from its date (the one place to switch
  to the registry's term calendar)
- `plan`: each file's post (front matter and body) and where it goes, or why it is refused
- `writing`: the planned posts written, all of them or none
- `report`: the Vietnamese report of what was read and what the editor still has to do

What cannot be recognised is left to the editor as a `# TODO` comment in the post and a line in
the report.
"""
