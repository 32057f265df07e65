if x:
	pass
        pass
  bad indent
(unclosed
