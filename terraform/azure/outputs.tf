output "resource_group" {
  description = "Resource group holding everything."
  value       = azurerm_resource_group.this.name
}

output "function_app_name" {
  description = "Name of the Function App (for `az functionapp` commands)."
  value       = azurerm_linux_function_app.this.name
}

output "api_base_url" {
  description = "Base URL of the icegate HTTP API: <url>/v1/... with a function key (x-functions-key) and an icegate bearer token."
  value       = "https://${azurerm_linux_function_app.this.default_hostname}/v1"
}

output "storage_account" {
  description = "Storage account of the data container and the warehouse."
  value       = azurerm_storage_account.data.name
}

output "container" {
  description = "Container to upload to: put files under landing/<dataset>/ to ingest them."
  value       = azurerm_storage_container.icegate.name
}

output "warehouse" {
  description = "Iceberg warehouse location (ICEGATE_WAREHOUSE)."
  value       = local.warehouse
}

output "catalog_uri" {
  description = "Iceberg catalog URI (ICEGATE_CATALOG_URI)."
  value       = local.catalog_uri
}

output "key_vault_uri" {
  description = "Key Vault holding the storage connection string and the catalog password."
  value       = azurerm_key_vault.this.vault_uri
}

output "application_insights_name" {
  description = "Application Insights resource receiving the functions' logs and traces."
  value       = azurerm_application_insights.this.name
}
