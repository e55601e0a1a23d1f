class Field:
    """A descriptor that checks the type and range of an attribute."""

    def __init__(self, kind, *, minimum=None, maximum=None):
        raise NotImplementedError

    def __set_name__(self, owner, name):
        raise NotImplementedError

    def __get__(self, instance, owner=None):
        raise NotImplementedError

    def __set__(self, instance, value):
        raise NotImplementedError

    def __delete__(self, instance):
        raise NotImplementedError
