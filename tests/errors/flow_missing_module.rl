import os
import nosuchmodule
from alsomissing import thing
import pkg.sub
