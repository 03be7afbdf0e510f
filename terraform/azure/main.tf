provider "azurerm" {
  subscription_id = var.subscription_id
  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
  }
}

data "azurerm_client_config" "current" {}

resource "random_string" "suffix" {
  length  = 6
  upper   = false
  special = false
}

locals {
  stem    = "${var.name}${random_string.suffix.result}"
  landing = "landing/"
  # The JDBC catalog on the server this module creates, or the one given.
  catalog_uri  = var.create_postgres ? "jdbc:postgresql://${azurerm_postgresql_flexible_server.catalog[0].fqdn}:5432/icegate?sslmode=require" : var.catalog_uri
  catalog_user = var.create_postgres ? "icegate" : var.catalog_user
  warehouse    = "abfss://${var.warehouse_filesystem}@${azurerm_storage_account.data.name}.dfs.core.windows.net/icegate"
}

resource "azurerm_resource_group" "this" {
  name     = "${var.name}-rg"
  location = var.location
  tags     = var.tags
}

# Data: the container with landing/ (BlobCreated -> ingest) and the ADLS Gen2 warehouse.
resource "azurerm_storage_account" "data" {
  name                            = "${local.stem}data"
  resource_group_name             = azurerm_resource_group.this.name
  location                        = azurerm_resource_group.this.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  account_kind                    = "StorageV2"
  is_hns_enabled                  = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  tags                            = var.tags
}

resource "azurerm_storage_container" "icegate" {
  name                  = var.container_name
  storage_account_id    = azurerm_storage_account.data.id
  container_access_type = "private"
}

resource "azurerm_storage_data_lake_gen2_filesystem" "warehouse" {
  name               = var.warehouse_filesystem
  storage_account_id = azurerm_storage_account.data.id
}

# The Functions host's own storage (AzureWebJobsStorage), apart from the data.
resource "azurerm_storage_account" "host" {
  name                     = "${local.stem}host"
  resource_group_name      = azurerm_resource_group.this.name
  location                 = azurerm_resource_group.this.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_2"
  tags                     = var.tags
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "${local.stem}-logs"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = var.tags
}

resource "azurerm_application_insights" "this" {
  name                = "${local.stem}-insights"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  workspace_id        = azurerm_log_analytics_workspace.this.id
  application_type    = "java"
  tags                = var.tags
}

# Secrets live in Key Vault; the app settings hold references the platform resolves.
resource "azurerm_key_vault" "this" {
  name                       = "${local.stem}-kv"
  resource_group_name        = azurerm_resource_group.this.name
  location                   = azurerm_resource_group.this.location
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  enable_rbac_authorization  = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 7
  tags                       = var.tags
}

resource "azurerm_role_assignment" "deployer_secrets" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_secret" "storage_connection" {
  name         = "icegate-storage-connection"
  value        = azurerm_storage_account.data.primary_connection_string
  key_vault_id = azurerm_key_vault.this.id
  depends_on   = [azurerm_role_assignment.deployer_secrets]
}

resource "random_password" "catalog" {
  count   = var.create_postgres ? 1 : 0
  length  = 32
  special = false
}

resource "azurerm_key_vault_secret" "catalog_password" {
  name         = "icegate-catalog-password"
  value        = var.create_postgres ? random_password.catalog[0].result : var.catalog_password
  key_vault_id = azurerm_key_vault.this.id
  depends_on   = [azurerm_role_assignment.deployer_secrets]
}

# The optional JDBC catalog: Azure Database for PostgreSQL flexible server.
resource "azurerm_postgresql_flexible_server" "catalog" {
  count                         = var.create_postgres ? 1 : 0
  name                          = "${local.stem}-catalog"
  resource_group_name           = azurerm_resource_group.this.name
  location                      = azurerm_resource_group.this.location
  version                       = "16"
  sku_name                      = var.postgres_sku
  storage_mb                    = 32768
  administrator_login           = "icegate"
  administrator_password        = random_password.catalog[0].result
  public_network_access_enabled = true
  zone                          = "1"
  tags                          = var.tags
}

resource "azurerm_postgresql_flexible_server_database" "icegate" {
  count     = var.create_postgres ? 1 : 0
  name      = "icegate"
  server_id = azurerm_postgresql_flexible_server.catalog[0].id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# 0.0.0.0 is Azure's rule for "services inside Azure": the Function App's outbound addresses vary.
resource "azurerm_postgresql_flexible_server_firewall_rule" "azure_services" {
  count            = var.create_postgres ? 1 : 0
  name             = "azure-services"
  server_id        = azurerm_postgresql_flexible_server.catalog[0].id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_service_plan" "this" {
  name                = "${local.stem}-plan"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  os_type             = "Linux"
  sku_name            = var.service_plan_sku
  tags                = var.tags
}

data "archive_file" "app" {
  type        = "zip"
  source_dir  = var.app_package_dir
  output_path = "${path.module}/.build/icegate-functions.zip"
}

resource "azurerm_linux_function_app" "this" {
  name                       = "${local.stem}-func"
  resource_group_name        = azurerm_resource_group.this.name
  location                   = azurerm_resource_group.this.location
  service_plan_id            = azurerm_service_plan.this.id
  storage_account_name       = azurerm_storage_account.host.name
  storage_account_access_key = azurerm_storage_account.host.primary_access_key
  https_only                 = true
  zip_deploy_file            = data.archive_file.app.output_path
  tags                       = var.tags

  identity {
    type = "SystemAssigned"
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.this.connection_string
    minimum_tls_version                    = "1.2"
    application_stack {
      java_version = "17"
    }
  }

  # Exactly the ICEGATE_* settings io.icegate.infra.azure.AzureSettings reads (a test checks).
  app_settings = {
    ICEGATE_STORAGE_CONNECTION = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.storage_connection.versionless_id})"
    ICEGATE_CONTAINER          = azurerm_storage_container.icegate.name
    ICEGATE_PREFIX             = var.prefix
    ICEGATE_CATALOG_TYPE       = var.catalog_type
    ICEGATE_CATALOG_URI        = local.catalog_uri
    ICEGATE_CATALOG_USER       = local.catalog_user
    ICEGATE_CATALOG_PASSWORD   = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.catalog_password.versionless_id})"
    ICEGATE_WAREHOUSE          = local.warehouse
    ICEGATE_DATASETS_NAMESPACE = "datasets"
    ICEGATE_TMP                = "/tmp/icegate"
    ICEGATE_MEMORY_LIMIT       = var.memory_limit
    ICEGATE_SCAN_SCHEDULE      = var.scan_schedule
    ICEGATE_MAINTAIN_SCHEDULE  = var.maintain_schedule
    ICEGATE_PROFILE_SCHEDULE   = var.profile_schedule
  }
}

resource "azurerm_role_assignment" "app_secrets" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_linux_function_app.this.identity[0].principal_id
}

# ADLSFileIO authenticates with the account key from the connection string, or else with this identity.
resource "azurerm_role_assignment" "app_data" {
  scope                = azurerm_storage_account.data.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_linux_function_app.this.identity[0].principal_id
}

# BlobCreated under <container>/landing/ -> the ingest function.
resource "azurerm_eventgrid_system_topic" "data" {
  name                = "${local.stem}-data-events"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  source_resource_id  = azurerm_storage_account.data.id
  topic_type          = "Microsoft.Storage.StorageAccounts"
  tags                = var.tags
}

resource "azurerm_eventgrid_system_topic_event_subscription" "ingest" {
  name                  = "${var.name}-ingest"
  system_topic          = azurerm_eventgrid_system_topic.data.name
  resource_group_name   = azurerm_resource_group.this.name
  event_delivery_schema = var.event_schema
  included_event_types  = ["Microsoft.Storage.BlobCreated"]

  subject_filter {
    subject_begins_with = "/blobServices/default/containers/${var.container_name}/blobs/${var.prefix}${local.landing}"
  }

  # Only completed writes: ADLS Gen2 also reports CreateFile, before any byte is flushed.
  advanced_filter {
    string_in {
      key    = "data.api"
      values = ["PutBlob", "PutBlockList", "FlushWithClose", "CopyBlob"]
    }
  }

  azure_function_endpoint {
    function_id                       = "${azurerm_linux_function_app.this.id}/functions/ingest"
    max_events_per_batch              = 1
    preferred_batch_size_in_kilobytes = 64
  }

  retry_policy {
    max_delivery_attempts = 10
    event_time_to_live    = 1440
  }
}
