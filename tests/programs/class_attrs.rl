"""Classes: class attributes read through instances and the class,
overridden in subclasses, staticmethods (called on the class and on
instances), methods calling methods, inheritance chains with
Base.method(self) and super() calls, and instance counters kept in a
mutable class-level dict."""
import sys


class Animal(object):
    sound = "..."
    legs = 4
    registry = {"count": 0}

    def __init__(self, name):
        self.name = name
        Animal.registry["count"] += 1

    def speak(self):
        return "%s says %s" % (self.name, self.sound)

    def describe(self):
        return "%s with %d legs: %s" % (self.kind(), self.legs, self.speak())

    def kind(self):
        return "animal"

    @staticmethod
    def create(kind, name):
        if kind == "dog":
            return Dog(name)
        if kind == "bird":
            return Bird(name)
        return Animal(name)

    @staticmethod
    def total():
        return Animal.registry["count"]


class Dog(Animal):
    sound = "woof"

    def kind(self):
        return "dog"


class Puppy(Dog):
    sound = "yip"

    def __init__(self, name, age):
        Dog.__init__(self, name)
        self.age = age

    def speak(self):
        return Dog.speak(self) + " (age %d)" % self.age


class Bird(Animal):
    legs = 2
    sound = "tweet"

    def __init__(self, name):
        super().__init__(name)
        self.can_fly = True

    def kind(self):
        return "bird"

    def speak(self):
        return super().speak() + "!"


def main(argv):
    animals = [Animal.create("dog", "Rex"), Animal.create("bird", "Tweety"),
               Animal.create("cow", "Daisy"), Puppy("Bit", 1)]
    for a in animals:
        print(a.describe())
    print(Animal.sound, Dog.sound, Puppy.sound, Bird.legs, Puppy.legs)
    print(animals[0].sound, animals[1].legs, Animal.total(), animals[0].total())
    print(Dog.kind(animals[3]), Animal.kind(animals[3]), Animal.speak(animals[1]))
    b = animals[1]
    if isinstance(b, Bird):
        print(b.name, "can fly:", b.can_fly)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
