import os


class BaseConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")  # expect: FL401
    JSON_SORT_KEYS = False
    DEBUG = False


class ProductionConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True


class DevelopmentConfig(BaseConfig):
    DEBUG = True  # ok: FL102 (a development config, chosen by name at run time)


class TestingConfig(BaseConfig):
    TESTING = True
    DEBUG = True  # ok: FL102 (a test config)
    SECRET_KEY = "test"  # ok: FL401 (TestingConfig: TESTING = True)


config_by_name = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}
