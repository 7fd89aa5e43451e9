import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"', (HERE / "flasklint" / "__init__.py").read_text()).group(1)

setup(
    name="flasklint",
    version=VERSION,
    description="Static analysis and security linter for Flask applications",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    packages=find_packages(include=["flasklint", "flasklint.*"]),
    python_requires=">=3.9",
    install_requires=[
        "astroid>=3.0",
        "flask>=2.2",
        "bandit>=1.7",
        'tomli>=1.1; python_version < "3.11"',
    ],
    extras_require={
        "test": ["pytest>=7", "hypothesis>=6", "hypothesmith>=0.3", "jsonschema>=4"],
    },
    entry_points={
        "console_scripts": ["flasklint=flasklint.cli:main"],
    },
    classifiers=[
        "Development Status :: 4 - Beta",
        "Environment :: Console",
        "Framework :: Flask",
        "Intended Audience :: Developers",
        "Programming Language :: Python :: 3",
        "Topic :: Software Development :: Quality Assurance",
        "Topic :: Security",
    ],
)
