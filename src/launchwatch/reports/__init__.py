"""Reports: extraction of one article's account of launches, with evidence for every value."""
