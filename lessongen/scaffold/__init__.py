"""Starting points for `lessongen new`: a commented unit and lesson that pass `check`."""
