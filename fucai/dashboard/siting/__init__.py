"""Siting (选址): where to recruit stations next — stations per 10,000 residents and sales
per station by district and township, over the population data set the center imports,
with the under-served areas ranked and a link to open a recruitment call for each."""
